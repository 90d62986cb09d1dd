import type { getDevice, listDevices } from "@/server/devices/device-queries";

type DeviceListRow = Awaited<ReturnType<typeof listDevices>>["rows"][number];
type DeviceWithProfile = Awaited<ReturnType<typeof getDevice>>;

/**
 * Devices as the REST API shows them. Fields are picked one by one, never spread, so a column added to
 * the queries (or a key, even masked) does not become part of the public contract by accident.
 */
function deviceCore(device: DeviceListRow | DeviceWithProfile) {
  return {
    id: device.id, devEui: device.devEui, name: device.name, activation: device.activation, tags: device.tags,
    lastSeenAt: device.lastSeenAt, lastFCnt: device.lastFCnt, rssi: device.lastRssi, snr: device.lastSnr, batteryPercent: device.batteryLevel,
    createdAt: device.createdAt,
  };
}

/** One row of GET /api/v1/devices. */
export function deviceListItem(row: DeviceListRow) {
  return { ...deviceCore(row), profile: row.profileId ? { id: row.profileId, name: row.profileName } : null };
}

/** GET /api/v1/devices/{devEui}: the list's fields, plus description, addressing and the profile's radio settings. */
export function deviceDetail(device: DeviceWithProfile) {
  const { profile } = device;
  return {
    ...deviceCore(device),
    description: device.description, joinEui: device.joinEui, devAddr: device.devAddr,
    profile: profile ? { id: profile.id, name: profile.name, region: profile.region, macVersion: profile.macVersion, deviceClass: profile.deviceClass } : null,
  };
}
