/** How device readings are written in the tenant portal. */

const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

export function formatSignal(rssi: number | null, snr: number | null): string {
  if (rssi === null && snr === null) return "—";
  return [rssi !== null ? `${number.format(rssi)} dBm` : null, snr !== null ? `SNR ${number.format(snr)} dB` : null].filter(Boolean).join(" · ");
}

export function formatBattery(level: number | null): string {
  return level === null ? "—" : `${number.format(level)}%`;
}

export function formatAirtime(ms: number | null): string {
  return ms === null ? "—" : `${number.format(ms)} ms`;
}

export function formatFrequency(hz: number | null): string {
  return hz === null ? "—" : `${number.format(hz / 1e6)} MHz`;
}

/** "70B3 D57E D000 0001": easier to compare with a device label than 16 run-on characters. */
export function formatEui(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");
}
