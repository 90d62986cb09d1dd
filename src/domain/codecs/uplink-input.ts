import { CODEC_LIMITS } from "./limits";
import type { UplinkInput } from "./types";

/** Validates an uplink and serialises it as the `input` decodeUplink receives. */
export function uplinkInputJson(
  input: UplinkInput,
): { ok: true; json: string } | { ok: false; error: string } {
  const { bytes, fPort, recvTime } = input;
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: "Uplink bytes must be a Uint8Array" };
  if (bytes.length > CODEC_LIMITS.maxPayloadBytes) {
    return {
      ok: false,
      error: `Uplink payload is ${bytes.length} bytes; at most ${CODEC_LIMITS.maxPayloadBytes} are accepted`,
    };
  }
  if (!Number.isInteger(fPort) || fPort < 0 || fPort > 255) {
    return { ok: false, error: `Uplink fPort must be an integer from 0 to 255, got ${String(fPort)}` };
  }
  if (!(recvTime instanceof Date) || Number.isNaN(recvTime.getTime())) {
    return { ok: false, error: "Uplink recvTime must be a valid Date" };
  }
  const json = JSON.stringify({ bytes: Array.from(bytes), fPort, recvTime: recvTime.toISOString() });
  return { ok: true, json };
}
