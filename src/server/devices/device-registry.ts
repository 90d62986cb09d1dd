import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DeviceChanges, NewDevice } from "@/domain/devices";
import { conflict, notFound } from "@/domain/errors";
import { changedFields } from "@/server/audit/changed-fields";
import { recordAudit, type Actor, type AuditActor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { devices } from "@/server/db/schema";
import { activationColumns, revealKeys } from "./device-key-columns";
import { deviceRow } from "./device-queries";
import { clearDeviceLocation, deviceLocation, forgetDeviceReadings, placeDevices } from "./device-locations";
import { assertProfileExists } from "./device-profiles";

/** A new device's row. The id is made here, before the insert, because the keys are encrypted bound to it. */
export function newDeviceRow(tenantId: string, device: NewDevice, profileId = device.profileId) {
  const id = randomUUID();
  return { tenantId, id, devEui: device.devEui, name: device.name, description: device.description, tags: device.tags, profileId, ...activationColumns(id, device) };
}

/**
 * The DevEUI is unique network-wide. Another tenant's device is invisible here (row-level security),
 * so the message says only that it is taken; a device of this tenant is named, to help.
 */
export async function devEuiTakenError(tx: Database, tenantId: string, devEui: string) {
  const [own] = await tx.select({ name: devices.name }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.devEui, devEui)));
  return conflict(
    own
      ? `DevEUI ${devEui} is already registered in this organisation, as '${own.name}'.`
      : `DevEUI ${devEui} is already registered on the network. Check the DevEUI on the device's label; if the device is yours, ask the council's network team to release it.`,
  );
}

export async function registerDevice(tx: Database, actor: AuditActor, tenantId: string, device: NewDevice) {
  if (device.profileId) await assertProfileExists(tx, tenantId, device.profileId);
  const row = newDeviceRow(tenantId, device);
  // ON CONFLICT DO NOTHING rather than catching the unique violation: the transaction stays usable, on either driver.
  const [created] = await tx.insert(devices).values(row).onConflictDoNothing({ target: devices.devEui }).returning({ id: devices.id, name: devices.name, devEui: devices.devEui });
  if (!created) throw await devEuiTakenError(tx, tenantId, device.devEui);
  if (device.location) await placeDevices(tx, tenantId, [{ deviceId: created.id, location: device.location }]);
  await recordAudit(tx, actor, {
    tenantId, action: "device.registered", targetType: "device", targetId: created.id,
    details: { name: device.name, devEui: device.devEui, activation: device.activation, profileId: row.profileId, ...(device.location ? { location: device.location } : {}) },
  });
  return created;
}

export async function updateDevice(tx: Database, actor: AuditActor, tenantId: string, deviceId: string, { location, ...changes }: DeviceChanges) {
  const before = await deviceRow(tx, tenantId, deviceId, { forUpdate: true });
  if (changes.profileId) await assertProfileExists(tx, tenantId, changes.profileId);
  const { changed, audit } = changedFields(before, changes);
  if (location !== undefined) {
    const placed = await deviceLocation(tx, tenantId, deviceId);
    const from = placed?.source === "manual" ? { latitude: placed.latitude, longitude: placed.longitude } : null;
    if (JSON.stringify(from) !== JSON.stringify(location)) {
      if (location) await placeDevices(tx, tenantId, [{ deviceId, location }]);
      else await clearDeviceLocation(tx, tenantId, deviceId);
      audit.location = { from, to: location };
    }
  }
  if (Object.keys(audit).length === 0) return { id: deviceId, name: before.name };
  if (Object.keys(changed).length) await tx.update(devices).set(changed).where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)));
  await recordAudit(tx, actor, { tenantId, action: "device.updated", targetType: "device", targetId: deviceId, details: { devEui: before.devEui, changes: audit } });
  return { id: deviceId, name: changed.name ?? before.name };
}

/** Past events and hourly usage are kept (they have no foreign key to the device), so invoices still add up. */
export async function deleteDevice(tx: Database, actor: AuditActor, tenantId: string, deviceId: string) {
  const [deleted] = await tx
    .delete(devices)
    .where(and(eq(devices.tenantId, tenantId), eq(devices.id, deviceId)))
    .returning({ name: devices.name, devEui: devices.devEui });
  if (!deleted) throw notFound("That device");
  await forgetDeviceReadings(tx, tenantId, [deviceId]);
  await recordAudit(tx, actor, { tenantId, action: "device.deleted", targetType: "device", targetId: deviceId, details: deleted });
}

/** The plaintext keys, for tenant admins; the audit entry is written in the same transaction. */
export async function revealDeviceKeys(tx: Database, actor: Actor, tenantId: string, deviceId: string) {
  const device = await deviceRow(tx, tenantId, deviceId);
  let keys;
  try {
    keys = revealKeys(device.id, device);
  } catch {
    throw conflict("This device's keys cannot be decrypted with the server's current encryption key; ask the council's network team.");
  }
  await recordAudit(tx, actor, {
    tenantId, action: "device.keys_revealed", targetType: "device", targetId: deviceId,
    details: { devEui: device.devEui, keys: Object.entries(keys).filter(([, v]) => v !== null).map(([k]) => k) },
  });
  return { activation: device.activation, joinEui: device.joinEui, devAddr: device.devAddr, ...keys };
}
