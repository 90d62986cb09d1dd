import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Header carrying "t=<unix seconds>,v1=<hex HMAC-SHA256 of `<t>.<body>`>", as Stripe signs its webhooks. */
export const SIGNATURE_HEADER = "Longreach-Signature";
/** A signature older (or newer) than this is refused by verifyDeliverySignature: replays are not accepted. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new signing secret, shown to the tenant once. */
export function newSigningSecret(): string {
  return `lrsec_${randomBytes(24).toString("base64url")}`;
}

export function signDelivery(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

/**
 * What a receiver does with the header (also what the README shows tenants): recompute the HMAC over
 * the raw body with the timestamp from the header, compare in constant time, and refuse stale ones.
 */
export function verifyDeliverySignature(secret: string, body: string, header: string, nowSeconds: number): boolean {
  const parts = new Map(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(t) || !given || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(hmac(secret, t, body), "hex");
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const hmac = (secret: string, unixSeconds: number, body: string) => createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
