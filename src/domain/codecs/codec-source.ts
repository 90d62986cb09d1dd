import { CODEC_LIMITS, formatBytes } from "./limits";
import type { CodecValidation } from "./types";

/** Checks that can be made without running the codec: type, emptiness and size. */
export function checkCodecSource(source: unknown): CodecValidation {
  if (typeof source !== "string") return { ok: false, error: "Codec source must be text" };
  if (source.trim() === "") {
    return { ok: false, error: "Codec source is empty; define a function decodeUplink(input)" };
  }
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > CODEC_LIMITS.maxSourceBytes) {
    return {
      ok: false,
      error: `Codec source is ${formatBytes(bytes)}; the limit is ${formatBytes(CODEC_LIMITS.maxSourceBytes)}`,
    };
  }
  return { ok: true };
}
