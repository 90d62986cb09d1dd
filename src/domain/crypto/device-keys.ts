import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * LoRaWAN root and session keys are stored encrypted with AES-256-GCM under a key from the environment
 * (DEVICE_KEY_ENCRYPTION_KEY). Stored form: "v1:" + base64(iv ‖ tag ‖ ciphertext). The version prefix
 * leaves room to rotate the key later. The device's id is bound in as additional authenticated data,
 * so a ciphertext copied onto another device's row will not decrypt.
 */
const VERSION = "v1";

function keyFrom(hex: string) {
  const key = Buffer.from(hex, "hex");
  if (key.length !== 32) throw new Error("The device-key encryption key must be 32 bytes (64 hex characters).");
  return key;
}

export function encryptDeviceKey(encryptionKeyHex: string, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(encryptionKeyHex), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
}

export function decryptDeviceKey(encryptionKeyHex: string, stored: string, boundTo: string): string {
  const [version, body] = stored.split(":");
  if (version !== VERSION || !body) throw new Error(`Unknown device-key format '${version}'.`);
  const raw = Buffer.from(body, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(encryptionKeyHex), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** What the UI shows instead of a key: its length and last four characters. */
export function maskDeviceKey(hex: string): string {
  return `${"•".repeat(Math.max(0, hex.length - 4))}${hex.slice(-4)}`;
}
