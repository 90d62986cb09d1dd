import { z } from "zod";
import { LorawanInputError, quoteInput } from "./errors";

// Buffer.from(text, "base64") skips characters it does not expect and atob
// ignores whitespace, so a corrupted payload would decode to different bytes
// instead of failing.
// Both network servers emit standard, padded base64, so accept only that.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const BASE64_RULE = "must be standard base64 (A-Z, a-z, 0-9, '+', '/', padded with '=')";

export function isBase64(text: string): boolean {
  return STANDARD_BASE64.test(text);
}

/** Decodes standard base64; throws LorawanInputError for anything else. */
export function decodeBase64(text: string, field = "base64 value"): Uint8Array {
  if (!isBase64(text)) {
    throw new LorawanInputError(field, `${field} ${BASE64_RULE}, got ${quoteInput(text)}`);
  }
  return decodeValidBase64(text);
}

/** A base64 string field, decoded to bytes. */
export const base64BytesSchema = z
  .string()
  .refine(isBase64, { error: (issue) => `${BASE64_RULE}, got ${quoteInput(String(issue.input))}` })
  .transform(decodeValidBase64);

function decodeValidBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
