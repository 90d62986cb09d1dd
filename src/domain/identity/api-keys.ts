import { randomBytes } from "node:crypto";
import { API_KEY_PREFIX } from "./api-key-input";
import { hashLinkToken } from "./tokens";

/**
 * Keys for tenants' machines calling the REST API: "lrk_" + a public id (to find the key and to show
 * which one was used) + "_" + a secret. Only the SHA-256 of the whole key is stored, like link tokens.
 */
const KEY_SHAPE = /^lrk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKey(): { key: string; publicId: string; keyHash: string } {
  const publicId = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12);
  const key = `${API_KEY_PREFIX}${publicId}_${randomBytes(32).toString("base64url")}`;
  return { key, publicId, keyHash: hashLinkToken(key) };
}

/** The key's public id and hash, or null when the text cannot be a key at all. */
export function parseApiKey(text: string): { publicId: string; keyHash: string } | null {
  const match = KEY_SHAPE.exec(text);
  return match ? { publicId: match[1]!, keyHash: hashLinkToken(text) } : null;
}
