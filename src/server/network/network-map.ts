import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import { notFound } from "@/domain/errors";
import type { Database } from "@/server/db";
import { devices, gatewayDevices, gatewayHourly, gateways, tenants, unclaimedDevices } from "@/server/db/schema";
import { gatewayStatus } from "./gateways";
import { windowStart } from "./traffic-window";
import { stillUnclaimed } from "./unclaimed";

/** Unclaimed DevEUIs count towards a gateway's area when it heard them within this many days. */
export const PROSPECT_DAYS = 7;
/** Devices the network map's gateway panel lists by name; the rest are counted. */
export const GATEWAY_DEVICES_SHOWN = 50;

export type MapGatewayStatus = "online" | "offline" | "never_seen";

/**
 * gateway_devices rows of devices that still exist. A deleted device's rows are not removed (tenants
 * delete devices, and the table is the platform's alone), and a batch stored while its device was
 * being deleted can still write one; joining the device leaves both out of every count.
 */
const ofRegisteredDevice = sql`exists (select 1 from ${devices} where ${devices.tenantId} = ${gatewayDevices.tenantId} and ${devices.id} = ${gatewayDevices.deviceId})`;

/**
 * Every gateway for the operator's network map: where it is, whether it is online, its traffic over
 * the last 24 hours (the marker's size), how many registered devices it heard in that time, and how
 * many still-unclaimed DevEUIs it last heard in the past week (the sales pipeline around it). Counted
 * from the rollups ingestion keeps (gateway_hourly, gateway_devices, unclaimed_devices), each grouped
 * once by gateway and joined, rather than counted per gateway: one pass over each, however many gateways.
 */
export async function networkMap(tx: Database, now = new Date()) {
  const since = windowStart(now, 24);
  const prospectsSince = new Date(now.getTime() - PROSPECT_DAYS * 86_400_000);
  const traffic = tx
    .select({ eui: gatewayHourly.gatewayEui, uplinks: sql<number>`sum(${gatewayHourly.uplinks})::int`.as("uplinks") })
    .from(gatewayHourly)
    .where(and(gte(gatewayHourly.hour, since), lte(gatewayHourly.hour, now)))
    .groupBy(gatewayHourly.gatewayEui)
    .as("traffic");
  const heard = tx
    .select({ eui: gatewayDevices.gatewayEui, devices: sql<number>`count(*)::int`.as("devices") })
    .from(gatewayDevices)
    .where(and(gte(gatewayDevices.lastHeardAt, since), ofRegisteredDevice))
    .groupBy(gatewayDevices.gatewayEui)
    .as("heard");
  const prospects = tx
    .select({ eui: unclaimedDevices.lastGatewayEui, unclaimed: sql<number>`count(*)::int`.as("unclaimed") })
    .from(unclaimedDevices)
    .where(and(gte(unclaimedDevices.lastGatewayAt, prospectsSince), stillUnclaimed))
    .groupBy(unclaimedDevices.lastGatewayEui)
    .as("prospects");
  const rows = await tx
    .select({
      gatewayEui: gateways.gatewayEui,
      name: gateways.name,
      latitude: gateways.latitude,
      longitude: gateways.longitude,
      lastSeenAt: gateways.lastSeenAt,
      ownerName: tenants.name,
      uplinks24h: sql<number>`coalesce(${traffic.uplinks}, 0)`.mapWith(Number),
      devices24h: sql<number>`coalesce(${heard.devices}, 0)`.mapWith(Number),
      unclaimed: sql<number>`coalesce(${prospects.unclaimed}, 0)`.mapWith(Number),
    })
    .from(gateways)
    .leftJoin(tenants, eq(tenants.id, gateways.ownerTenantId))
    .leftJoin(traffic, eq(traffic.eui, gateways.gatewayEui))
    .leftJoin(heard, eq(heard.eui, gateways.gatewayEui))
    .leftJoin(prospects, eq(prospects.eui, gateways.gatewayEui))
    .orderBy(asc(gateways.name), asc(gateways.gatewayEui));
  const all = rows.map((r) => ({ ...r, status: (r.lastSeenAt === null ? "never_seen" : gatewayStatus(r.lastSeenAt, now)) as MapGatewayStatus }));
  return {
    generatedAt: now,
    prospectDays: PROSPECT_DAYS,
    gateways: all.filter((g) => g.latitude !== null && g.longitude !== null),
    /** Gateways the map cannot show, so the operator can place them. */
    unplaced: all.filter((g) => g.latitude === null || g.longitude === null).map((g) => ({ gatewayEui: g.gatewayEui, name: g.name, status: g.status })),
  };
}

/** The registered devices a gateway heard in the last 24 hours, most recently heard first, with their tenants. */
export async function gatewayDevicesHeard(tx: Database, gatewayEui: string, now = new Date()) {
  const [gateway] = await tx.select({ name: gateways.name }).from(gateways).where(eq(gateways.gatewayEui, gatewayEui));
  if (!gateway) throw notFound("That gateway");
  const since = windowStart(now, 24);
  const heardHere = and(eq(gatewayDevices.gatewayEui, gatewayEui), gte(gatewayDevices.lastHeardAt, since), ofRegisteredDevice);
  const [devicesHeard, [total]] = await Promise.all([
    tx
      .select({ tenantId: gatewayDevices.tenantId, tenantName: tenants.name, deviceId: gatewayDevices.deviceId, deviceName: devices.name, devEui: devices.devEui, lastHeardAt: gatewayDevices.lastHeardAt })
      .from(gatewayDevices)
      .innerJoin(tenants, eq(tenants.id, gatewayDevices.tenantId))
      .innerJoin(devices, and(eq(devices.tenantId, gatewayDevices.tenantId), eq(devices.id, gatewayDevices.deviceId)))
      .where(heardHere)
      .orderBy(desc(gatewayDevices.lastHeardAt), asc(devices.name))
      .limit(GATEWAY_DEVICES_SHOWN),
    tx.select({ count: sql<number>`count(*)::int` }).from(gatewayDevices).where(heardHere),
  ]);
  return { gatewayEui, name: gateway.name, devices: devicesHeard, total: total?.count ?? 0 };
}
