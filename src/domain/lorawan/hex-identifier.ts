import { z } from "zod";
import { LorawanInputError, quoteInput } from "./errors";

/** One kind of fixed-length hex identifier: how it is named in messages and whether it is secret. */
export interface HexIdentifierKind {
  label: string;
  bytes: number;
  secret: boolean;
}

// EUIs get pasted from device labels, spreadsheets and network-server
// consoles, written as "70-B3-D5-...", "70:b3:d5 ..." or "0x70B3D5...".
const SEPARATORS = /[\s:-]/g;
const HEX_DIGITS = /^[0-9a-f]*$/;

/** Lowercase hex without separators, or null if the input is not `bytes` bytes of hex. */
export function normaliseHexIdentifier(input: string, bytes: number): string | null {
  const hex = input.trim().replace(/^0x/i, "").replace(SEPARATORS, "").toLowerCase();
  return hex.length === bytes * 2 && HEX_DIGITS.test(hex) ? hex : null;
}

export function describeInvalidHexIdentifier(kind: HexIdentifierKind, input: string): string {
  // A near-miss AppKey is still mostly the real key; keep it out of messages and logs.
  const got = kind.secret ? `got ${input.length} characters` : `got ${quoteInput(input)}`;
  return `${kind.label} must be ${kind.bytes * 2} hexadecimal characters (${kind.bytes} bytes), ${got}`;
}

export function parseHexIdentifier(kind: HexIdentifierKind, input: string): string {
  const hex = normaliseHexIdentifier(input, kind.bytes);
  if (hex === null) throw new LorawanInputError(kind.label, describeInvalidHexIdentifier(kind, input));
  return hex;
}

/** A string field holding the identifier, normalised to lowercase hex. */
export function hexIdentifierSchema(kind: HexIdentifierKind) {
  return z.string().transform((input, ctx) => {
    const hex = normaliseHexIdentifier(input, kind.bytes);
    if (hex !== null) return hex;
    ctx.addIssue({ code: "custom", message: describeInvalidHexIdentifier(kind, input) });
    return z.NEVER;
  });
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
