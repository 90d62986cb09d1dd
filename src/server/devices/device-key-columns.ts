import { env } from "@/env";
import { decryptDeviceKey, encryptDeviceKey, maskDeviceKey } from "@/domain/crypto/device-keys";
import type { NewDevice } from "@/domain/devices";

/**
 * Device keys at rest: AES-256-GCM under DEVICE_KEY_ENCRYPTION_KEY, bound to the device's id so a
 * ciphertext copied onto another row will not decrypt. Reads show masks; only revealKeys decrypts fully.
 */

interface StoredKeys { appKeyEnc: string | null; nwkSKeyEnc: string | null; appSKeyEnc: string | null }
export interface DeviceKeys { appKey: string | null; nwkSKey: string | null; appSKey: string | null }

/** The activation columns of a new device's row, keys encrypted. */
export function activationColumns(deviceId: string, device: NewDevice) {
  const encrypt = (hex: string) => encryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, hex, deviceId);
  return device.activation === "otaa"
    ? { activation: "otaa" as const, joinEui: device.joinEui, appKeyEnc: encrypt(device.appKey), devAddr: null, nwkSKeyEnc: null, appSKeyEnc: null }
    : { activation: "abp" as const, joinEui: null, appKeyEnc: null, devAddr: device.devAddr, nwkSKeyEnc: encrypt(device.nwkSKey), appSKeyEnc: encrypt(device.appSKey) };
}

function decrypt(deviceId: string, stored: string | null): string | null {
  return stored === null ? null : decryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, stored, deviceId);
}

/** The plaintext keys; throws if a key cannot be decrypted (wrong encryption key, tampered row). */
export function revealKeys(deviceId: string, row: StoredKeys): DeviceKeys {
  return { appKey: decrypt(deviceId, row.appKeyEnc), nwkSKey: decrypt(deviceId, row.nwkSKeyEnc), appSKey: decrypt(deviceId, row.appSKeyEnc) };
}

const UNREADABLE = "(cannot be decrypted)";

/** What every ordinary read shows: the last four characters of each key. */
export function maskedKeys(deviceId: string, row: StoredKeys): DeviceKeys {
  const mask = (stored: string | null) => {
    try {
      const plain = decrypt(deviceId, stored);
      return plain === null ? null : maskDeviceKey(plain);
    } catch {
      return UNREADABLE;
    }
  };
  return { appKey: mask(row.appKeyEnc), nwkSKey: mask(row.nwkSKeyEnc), appSKey: mask(row.appSKeyEnc) };
}
