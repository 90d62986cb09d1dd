import { decryptDeviceKey, encryptDeviceKey } from "@/domain/crypto/device-keys";
import { env } from "@/env";

/**
 * A forwarder's signing secret at rest: encrypted like device keys (AES-256-GCM under
 * DEVICE_KEY_ENCRYPTION_KEY), not hashed, because every delivery is signed with it. It is bound to
 * `forwarder:<id>`, so a ciphertext copied onto another forwarder, or onto a device, will not decrypt.
 */
const boundTo = (forwarderId: string) => `forwarder:${forwarderId}`;

export function sealSigningSecret(forwarderId: string, secret: string): string {
  return encryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, secret, boundTo(forwarderId));
}

/** Throws if it cannot be decrypted (the server's encryption key changed, or the row was tampered with). */
export function openSigningSecret(forwarderId: string, stored: string): string {
  return decryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, stored, boundTo(forwarderId));
}
