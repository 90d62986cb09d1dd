import { z } from "zod";
import { decodeBase64, isBase64 } from "./base64";
import { LorawanInputError } from "./errors";
import {
  bytesToHex,
  describeInvalidHexIdentifier,
  hexIdentifierSchema,
  normaliseHexIdentifier,
  parseHexIdentifier,
  type HexIdentifierKind,
} from "./hex-identifier";

const EUI: HexIdentifierKind = { label: "EUI", bytes: 8, secret: false };
const DEV_ADDR: HexIdentifierKind = { label: "DevAddr", bytes: 4, secret: false };
const AES_KEY: HexIdentifierKind = { label: "AES-128 key", bytes: 16, secret: true };

/** DevEUI, JoinEUI or gateway EUI as 16 lowercase hex characters; `label` names it in errors. */
export function parseEui(input: string, label = EUI.label): string {
  return parseHexIdentifier({ ...EUI, label }, input);
}

/** Device address as 8 lowercase hex characters. */
export function parseDevAddr(input: string, label = DEV_ADDR.label): string {
  return parseHexIdentifier({ ...DEV_ADDR, label }, input);
}

/** AppKey, NwkSKey or AppSKey as 32 lowercase hex characters. Errors never echo the key. */
export function parseAesKey(input: string, label = AES_KEY.label): string {
  return parseHexIdentifier({ ...AES_KEY, label }, input);
}

export const euiSchema = hexIdentifierSchema(EUI);
export const devAddrSchema = hexIdentifierSchema(DEV_ADDR);
export const aesKeySchema = hexIdentifierSchema(AES_KEY);

/** An EUI sent as base64 bytes (protobuf JSON encoding of a `bytes` field) as 16 lowercase hex characters. */
export function base64ToEui(input: string, label = EUI.label): string {
  const bytes = decodeBase64(input, label);
  if (bytes.length !== EUI.bytes) {
    throw new LorawanInputError(label, `${label} in base64 must decode to ${EUI.bytes} bytes, got ${bytes.length}`);
  }
  return bytesToHex(bytes);
}

/** An EUI as hex or as base64, the protobuf JSON encoding of a `bytes` field. */
export const euiHexOrBase64Schema = z.string().transform((input, ctx) => {
  const eui = normaliseHexIdentifier(input, EUI.bytes) ?? euiFromBase64(input);
  if (eui !== null) return eui;
  ctx.addIssue({
    code: "custom",
    message: `${describeInvalidHexIdentifier(EUI, input)} (base64 of 8 bytes is also accepted)`,
  });
  return z.NEVER;
});

function euiFromBase64(input: string): string | null {
  if (!isBase64(input)) return null;
  const bytes = decodeBase64(input);
  return bytes.length === EUI.bytes ? bytesToHex(bytes) : null;
}
