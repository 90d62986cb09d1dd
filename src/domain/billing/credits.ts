/**
 * Message credits. One credit covers up to 24 bytes of application payload
 * in a single uplink; credits are counted per uplink and then summed, so two
 * 13-byte uplinks cost 2 credits, not 1.
 *
 * Decision: an uplink with an empty payload (0 bytes) still costs 1 credit —
 * every charged uplink is at least one credit.
 */

export const BYTES_PER_CREDIT = 24;

export function creditsForUplink(payloadBytes: number): number {
  if (!Number.isSafeInteger(payloadBytes) || payloadBytes < 0) {
    throw new RangeError(`payloadBytes must be a whole number of bytes, 0 or more, got ${payloadBytes}`);
  }
  return Math.max(1, Math.ceil(payloadBytes / BYTES_PER_CREDIT));
}

/** Sum of credits for a list of uplink payload sizes. */
export function creditsForUplinks(payloadSizes: readonly number[]): number {
  return payloadSizes.reduce((sum, bytes) => sum + creditsForUplink(bytes), 0);
}
