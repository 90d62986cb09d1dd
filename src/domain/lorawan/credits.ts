// Message credits follow the Helium Data Credit rule: one credit per started
// 24 bytes of application payload, with every message costing at least one.
// Most sensor readings fit in 24 bytes and cost exactly one, while bulky
// payloads, which occupy the shared radio channel for longer, cost more.
export const BYTES_PER_CREDIT = 24;

/** A join occupies the network like one small message. */
export const JOIN_CREDITS = 1;

/** Credits for an uplink: 0–24 bytes → 1, 25–48 → 2, 49–72 → 3, and so on. */
export function messageCredits(payloadBytes: number): number {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0) {
    throw new RangeError(`payloadBytes must be a whole number of bytes, got ${payloadBytes}`);
  }
  return Math.max(1, Math.ceil(payloadBytes / BYTES_PER_CREDIT));
}
