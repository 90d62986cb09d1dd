/**
 * Amounts typed into forms ("5.00", "£1,250.5", "17.5") read as whole hundredths — pence, or VAT basis
 * points — straight from the text: the digits are split at the decimal point and joined as integers, so
 * no floating-point multiplication can turn 0.29 into 28.999… pence.
 */
export type ParsedHundredths = { ok: true; value: number } | { ok: false; error: string };

const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

function parseHundredths(raw: string, { label, example, prefix }: { label: string; example: string; prefix?: string }): ParsedHundredths {
  let text = raw.trim();
  if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length).trim();
  if (text === "") return { ok: false, error: `Enter ${label}, e.g. ${example}.` };
  if (text.startsWith("-")) return { ok: false, error: `${capitalise(label)} cannot be negative.` };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, error: `Enter ${label} as a number, e.g. ${example}.` };
  const whole = match[1]!.replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (fraction.length > 2) return { ok: false, error: `Use at most 2 decimal places for ${label}, e.g. ${example}.` };
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(value)) return { ok: false, error: `${capitalise(label)} is too large.` };
  return { ok: true, value };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Pounds as typed ("5", "5.5", "£1,234.56") → integer pence; more than 2 decimals is refused. */
export function parsePoundsToPence(text: string, label = "an amount", maxPence = 100_000_000): ParsedHundredths {
  const parsed = parseHundredths(text, { label, example: "5.00", prefix: "£" });
  if (parsed.ok && parsed.value > maxPence) return { ok: false, error: `${capitalise(label)} is at most ${formatPounds(maxPence)}.` };
  return parsed;
}

/** A percentage as typed ("20", "17.5") → basis points (2000, 1750), from 0 to 100 %. */
export function parsePercentToBasisPoints(text: string, label = "a percentage"): ParsedHundredths {
  const parsed = parseHundredths(text.replace(/%\s*$/, ""), { label, example: "20" });
  if (parsed.ok && parsed.value > 10_000) return { ok: false, error: `${capitalise(label)} is at most 100%.` };
  return parsed;
}

/** Integer pence as the plain decimal a form field shows: 500 → "5.00". */
export function penceToPoundsInput(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
}

/** Basis points as a percentage without float artefacts: 2000 → "20", 1750 → "17.5", 1234 → "12.34". */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

function formatPounds(pence: number) {
  return `£${String(Math.floor(pence / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${String(pence % 100).padStart(2, "0")}`;
}
