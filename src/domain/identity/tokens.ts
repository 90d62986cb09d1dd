import { createHash, randomBytes } from "node:crypto";

/**
 * Invitation and reset links carry a random token; only its SHA-256 is stored, so a leaked database
 * cannot be used to accept invitations or reset passwords.
 */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
