import type { DecodeResult } from "./types";

const EXPECTED = "decodeUplink must return an object like { data: { ... } }";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function messages(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
}

/**
 * Turns the JSON that decodeUplink's return value became inside the sandbox into a DecodeResult.
 * `null` means decodeUplink returned something JSON cannot hold (undefined, a function).
 */
export function interpretCodecOutput(outputJson: string | null): DecodeResult {
  if (outputJson === null) return { ok: false, error: `${EXPECTED}; it returned undefined` };
  let output: unknown;
  try {
    output = JSON.parse(outputJson);
  } catch {
    return { ok: false, error: `${EXPECTED}; its result could not be read as JSON` };
  }
  if (!isPlainObject(output)) {
    return { ok: false, error: `${EXPECTED}; it returned ${describeKind(output)}` };
  }
  const errors = messages(output.errors);
  if (errors.length > 0) return { ok: false, error: `Codec reported errors: ${errors.join("; ")}` };
  if (!isPlainObject(output.data)) {
    const got = output.data === undefined ? "no data" : `data as ${describeKind(output.data)}`;
    return { ok: false, error: `${EXPECTED}; it returned ${got}` };
  }
  return { ok: true, data: output.data, warnings: messages(output.warnings) };
}
