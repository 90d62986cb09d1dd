import { z } from "zod";
import { CODEC_LIMITS } from "@/domain/codecs/limits";

/** Payload bytes typed as hex, e.g. "01 0A ff" or "0x010aff"; spaces, colons and dashes are ignored. */
export const payloadHexSchema = z.string().transform((input, ctx) => {
  const hex = input.trim().replace(/^0x/i, "").replace(/[\s:-]/g, "");
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    ctx.addIssue({ code: "custom", message: "Enter the payload as hexadecimal bytes, two characters per byte, e.g. 0a 1b 2c." });
    return z.NEVER;
  }
  if (hex.length / 2 > CODEC_LIMITS.maxPayloadBytes) {
    ctx.addIssue({ code: "custom", message: `A payload is at most ${CODEC_LIMITS.maxPayloadBytes} bytes; this is ${hex.length / 2}.` });
    return z.NEVER;
  }
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
});

/** fPort of an application uplink (1–223; 0 is MAC commands, 224 the test port). */
export const fPortSchema = z.number({ error: "Enter the fPort as a number from 1 to 223." }).int("fPort is a whole number.").min(1, "fPort is from 1 to 223.").max(223, "fPort is from 1 to 223.");

/** Bytes as lowercase hex, for showing stored payloads. */
export function toHex(bytes: Uint8Array | null | undefined): string {
  return bytes ? Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") : "";
}
