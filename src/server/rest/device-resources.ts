import { z } from "zod";
import { DEVICE_CLASSES } from "@/domain/devices";
import type { DeviceEventView } from "@/server/devices/device-events";
import type { getDevice, listDevices } from "@/server/devices/device-queries";

/**
 * Devices and their events as the REST API shows them, as zod schemas (the OpenAPI document's response
 * schemas) and the functions that fill them. Fields are picked one by one, never spread, so a column
 * added to the queries (or a key, even masked) does not become part of the public contract by accident.
 */

const at = (description: string) => z.date().meta({ description });
const devEui = z.string().regex(/^[0-9a-f]{16}$/).meta({ description: "The DevEUI as stored: 16 lowercase hex digits.", example: "70b3d57ed005a12f" });
const activation = z.enum(["otaa", "abp"]).meta({ description: "otaa: joins over the air (JoinEUI + AppKey); abp: activated by personalisation (DevAddr + session keys)." });

const deviceCoreShape = {
  id: z.uuid(),
  devEui,
  name: z.string(),
  activation,
  tags: z.array(z.string()),
  lastSeenAt: at("When the network last heard it; null if never.").nullable(),
  lastFCnt: z.number().int().nullable().meta({ description: "Frame counter of its latest uplink." }),
  rssi: z.number().nullable().meta({ description: "Signal strength of its latest uplink at the best gateway, dBm." }),
  snr: z.number().nullable().meta({ description: "Signal-to-noise ratio of its latest uplink, dB." }),
  batteryPercent: z.number().nullable().meta({ description: "Battery level from its newest reading, 0–100; null if it never reported one." }),
  createdAt: at("When it was registered."),
};

export const deviceSchema = z
  .object({ ...deviceCoreShape, profile: z.object({ id: z.uuid(), name: z.string() }).nullable() })
  .meta({ id: "Device", description: "A device in a list." });

export const deviceDetailSchema = z
  .object({
    ...deviceCoreShape,
    description: z.string(),
    joinEui: z.string().nullable().meta({ description: "OTAA devices' JoinEUI (AppEUI), 16 lowercase hex digits." }),
    devAddr: z.string().nullable().meta({ description: "ABP devices' DevAddr, 8 lowercase hex digits." }),
    profile: z.object({ id: z.uuid(), name: z.string(), region: z.string(), macVersion: z.string(), deviceClass: z.enum(DEVICE_CLASSES) }).nullable(),
    location: z
      .object({
        latitude: z.number(),
        longitude: z.number(),
        source: z.enum(["manual", "network"]).meta({ description: "manual: set in the portal, a CSV file or this API; network: solved by the network server (never over a manual one)." }),
        locatedAt: at("When it was set or solved."),
      })
      .nullable()
      .meta({ description: "Where the device is, in decimal degrees (WGS 84); null if nobody placed it and the network has not located it." }),
  })
  .meta({ id: "DeviceDetail", description: "One device with its addressing and its profile's radio settings. Keys are never shown." });

export const deviceEventSchema = z
  .object({
    id: z.number().int().meta({ description: "Grows as events arrive." }),
    deviceId: z.uuid(),
    kind: z.enum(["uplink", "join", "status", "ack", "txack", "log", "location", "downlink"]),
    occurredAt: at("When it happened by the network server's clock (or when it reached Longreach, if that clock was not believable; see clockSkew)."),
    receivedAt: at("When it reached Longreach."),
    reportedAt: at("The network server's own time for a clock-skewed event; null otherwise.").nullable(),
    clockSkew: z.boolean(),
    fCnt: z.number().int().nullable(),
    fPort: z.number().int().nullable(),
    payloadHex: z.string().meta({ description: "The application payload as hex; empty when there was none." }),
    payloadBytes: z.number().int(),
    decoded: z.record(z.string(), z.unknown()).nullable().meta({ description: "What the device profile's codec (or the network server) decoded the payload to." }),
    decodeError: z.string().nullable(),
    rssi: z.number().nullable(),
    snr: z.number().nullable(),
    spreadingFactor: z.number().int().nullable(),
    bandwidthHz: z.number().int().nullable(),
    frequencyHz: z.number().int().nullable(),
    gatewayCount: z.number().int(),
    gateways: z.array(z.object({ eui: z.string(), rssi: z.number().nullable(), snr: z.number().nullable() })),
    airtimeMs: z.number().nullable(),
    credits: z.number().int().meta({ description: "Billing credits the event used." }),
    log: z.object({ level: z.string(), code: z.string(), description: z.string() }).nullable().meta({ description: "For log events: the network server's message." }),
  })
  .meta({ id: "DeviceEvent" });

type DeviceListRow = Awaited<ReturnType<typeof listDevices>>["rows"][number];
type DeviceWithProfile = Awaited<ReturnType<typeof getDevice>>;

function deviceCore(device: DeviceListRow | DeviceWithProfile) {
  return {
    id: device.id, devEui: device.devEui, name: device.name, activation: device.activation, tags: device.tags,
    lastSeenAt: device.lastSeenAt, lastFCnt: device.lastFCnt, rssi: device.lastRssi, snr: device.lastSnr, batteryPercent: device.batteryLevel,
    createdAt: device.createdAt,
  };
}

/** One row of GET /api/v1/devices. */
export function deviceListItem(row: DeviceListRow): z.output<typeof deviceSchema> {
  return { ...deviceCore(row), profile: row.profileId ? { id: row.profileId, name: row.profileName ?? "" } : null };
}

/** GET /api/v1/devices/{devEui}: the list's fields, plus description, addressing, the profile's radio settings and the location. */
export function deviceDetail(device: DeviceWithProfile): z.output<typeof deviceDetailSchema> {
  const { profile } = device;
  return {
    ...deviceCore(device),
    description: device.description, joinEui: device.joinEui, devAddr: device.devAddr,
    profile: profile ? { id: profile.id, name: profile.name, region: profile.region, macVersion: profile.macVersion, deviceClass: profile.deviceClass } : null,
    location: device.location ? { latitude: device.location.latitude, longitude: device.location.longitude, source: device.location.source, locatedAt: device.location.locatedAt } : null,
  };
}

/** One of GET /api/v1/devices/{devEui}/events. */
export function deviceEvent(event: DeviceEventView): z.output<typeof deviceEventSchema> {
  return {
    id: event.id, deviceId: event.deviceId, kind: event.kind, occurredAt: event.occurredAt, receivedAt: event.receivedAt, reportedAt: event.reportedAt,
    clockSkew: event.clockSkew, fCnt: event.fCnt, fPort: event.fPort, payloadHex: event.payloadHex, payloadBytes: event.payloadBytes,
    decoded: event.decoded, decodeError: event.decodeError, rssi: event.rssi, snr: event.snr, spreadingFactor: event.spreadingFactor,
    bandwidthHz: event.bandwidthHz, frequencyHz: event.frequencyHz, gatewayCount: event.gatewayCount, gateways: event.gateways,
    airtimeMs: event.airtimeMs, credits: event.credits, log: event.log,
  };
}
