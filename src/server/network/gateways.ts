import { and, asc, eq, gte, ilike, isNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { conflict, invalid, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { outer, sumWhere } from "@/server/db/correlated";
import { gatewayHourly, gateways, tenants } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";
import { queueJobs } from "@/server/provisioning/queue-jobs";
import { hourlySeries, seriesStart, windowStart } from "./traffic-window";

/** A gateway heard within this long is online. Gateways send a status every 30 s to a few minutes, so ten minutes of silence means trouble. */
export const GATEWAY_ONLINE_WITHIN_MS = 10 * 60_000;
/** Hours of history on the gateway detail chart. */
export const GATEWAY_CHART_HOURS = 48;

export type GatewayStatus = "online" | "offline";

export function gatewayStatus(lastSeenAt: Date | null, now: Date): GatewayStatus {
  return lastSeenAt !== null && lastSeenAt.getTime() >= now.getTime() - GATEWAY_ONLINE_WITHIN_MS ? "online" : "offline";
}

/** SQL condition matching gateways with the given status at `now`; the same rule as gatewayStatus. */
export function gatewayStatusCondition(status: GatewayStatus, now: Date): SQL {
  const cutoff = new Date(now.getTime() - GATEWAY_ONLINE_WITHIN_MS);
  return status === "online" ? gte(gateways.lastSeenAt, cutoff) : or(isNull(gateways.lastSeenAt), lt(gateways.lastSeenAt, cutoff))!;
}

/** Unique uplinks this gateway heard in the hourly buckets from `from` up to `now`. */
const uplinksBetween = (from: Date, now: Date) =>
  sumWhere(gatewayHourly.uplinks, and(eq(gatewayHourly.gatewayEui, outer(gateways.gatewayEui)), gte(gatewayHourly.hour, from), lte(gatewayHourly.hour, now)));

function gatewayColumns(now: Date) {
  return {
    gatewayEui: gateways.gatewayEui,
    name: gateways.name,
    latitude: gateways.latitude,
    longitude: gateways.longitude,
    locationSource: gateways.locationSource,
    ownerTenantId: gateways.ownerTenantId,
    ownerName: tenants.name,
    lastSeenAt: gateways.lastSeenAt,
    createdAt: gateways.createdAt,
    uplinksLastHour: uplinksBetween(windowStart(now, 1), now),
    uplinksLast24h: uplinksBetween(windowStart(now, 24), now),
  };
}

export interface GatewayListFilter { search?: string; status?: GatewayStatus; page: number; pageSize: number }

/**
 * The operator's gateway list: the council's own gateways, those tenants host, and those ingestion
 * added when it first heard them. Searchable by name or EUI (typed with or without separators).
 */
export async function listGateways(tx: Database, filter: GatewayListFilter, now = new Date()) {
  const where: SQL[] = [];
  if (filter.status) where.push(gatewayStatusCondition(filter.status, now));
  if (filter.search) {
    const matches = [ilike(gateways.name, containsPattern(filter.search))];
    const euiFragment = filter.search.replace(/^0x/i, "").replace(/[\s:-]/g, "").toLowerCase();
    if (euiFragment) matches.push(ilike(gateways.gatewayEui, containsPattern(euiFragment)));
    where.push(or(...matches)!);
  }
  const condition = where.length ? and(...where) : undefined;
  const rows = await tx
    .select(gatewayColumns(now))
    .from(gateways)
    .leftJoin(tenants, eq(tenants.id, gateways.ownerTenantId))
    .where(condition)
    .orderBy(asc(gateways.name), asc(gateways.gatewayEui))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(gateways).where(condition);
  return { rows: rows.map((row) => ({ ...row, status: gatewayStatus(row.lastSeenAt, now) })), total: count?.total ?? 0 };
}

/** One gateway with its uplinks per hour over the last GATEWAY_CHART_HOURS hours (zero-filled, oldest first). */
export async function getGateway(tx: Database, gatewayEui: string, now = new Date()) {
  const [row] = await tx.select(gatewayColumns(now)).from(gateways).leftJoin(tenants, eq(tenants.id, gateways.ownerTenantId)).where(eq(gateways.gatewayEui, gatewayEui));
  if (!row) throw notFound("That gateway");
  const hourly = await tx
    .select({ hour: gatewayHourly.hour, uplinks: sql<number>`sum(${gatewayHourly.uplinks})::int` })
    .from(gatewayHourly)
    .where(and(eq(gatewayHourly.gatewayEui, gatewayEui), gte(gatewayHourly.hour, seriesStart(now, GATEWAY_CHART_HOURS))))
    .groupBy(gatewayHourly.hour);
  return { ...row, status: gatewayStatus(row.lastSeenAt, now), uplinksPerHour: hourlySeries(now, GATEWAY_CHART_HOURS, hourly) };
}

/** Tenants that may host a gateway (any but closed ones), for the owner picker. */
export async function listGatewayHosts(tx: Database) {
  return tx.select({ id: tenants.id, name: tenants.name, status: tenants.status }).from(tenants).where(ne(tenants.status, "closed")).orderBy(asc(tenants.name));
}

export interface GatewayFields {
  name: string;
  latitude: number | null;
  longitude: number | null;
  /** The tenant hosting the gateway; null when the council does. */
  ownerTenantId: string | null;
}

export async function createGateway(tx: Database, actor: Actor, input: { gatewayEui: string } & Partial<GatewayFields> & { name: string }) {
  const ownerTenantId = input.ownerTenantId ?? null;
  if (ownerTenantId) await assertCanHost(tx, ownerTenantId);
  const values = { gatewayEui: input.gatewayEui, name: input.name, latitude: input.latitude ?? null, longitude: input.longitude ?? null, ownerTenantId };
  const [gateway] = await tx.insert(gateways).values({ ...values, locationSource: values.latitude === null ? null : "operator" }).onConflictDoNothing().returning();
  if (!gateway) {
    throw conflict(`A gateway with EUI ${input.gatewayEui} is already registered (the network may have added it when it first heard it). Edit that gateway instead.`);
  }
  await queueGatewayJob(tx, gateway.gatewayEui, "created");
  await recordAudit(tx, actor, { tenantId: ownerTenantId, action: "gateway.created", targetType: "gateway", targetId: gateway.gatewayEui, details: { name: values.name, latitude: values.latitude, longitude: values.longitude, ownerTenantId } });
  return gateway;
}

/**
 * Renames, moves or re-homes a gateway. Only the fields given change; null clears the location or the
 * owner. A location the operator changes becomes theirs, which traffic never overwrites; one sent back
 * unchanged stays whoever's it was, and a cleared one may be filled in by the network again.
 */
export async function updateGateway(tx: Database, actor: Actor, gatewayEui: string, changes: Partial<GatewayFields>) {
  const [before] = await tx.select().from(gateways).where(eq(gateways.gatewayEui, gatewayEui));
  if (!before) throw notFound("That gateway");
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<GatewayFields>;
  if (Object.keys(set).length === 0) return before;
  if (set.ownerTenantId) await assertCanHost(tx, set.ownerTenantId);
  const latitude = set.latitude === undefined ? before.latitude : set.latitude;
  const longitude = set.longitude === undefined ? before.longitude : set.longitude;
  const moved = latitude !== before.latitude || longitude !== before.longitude;
  const locationSource = moved ? (latitude === null ? null : "operator") : before.locationSource;
  const [gateway] = await tx.update(gateways).set({ ...set, locationSource }).where(eq(gateways.gatewayEui, gatewayEui)).returning();
  const changed = Object.fromEntries(Object.entries(set).filter(([key, value]) => before[key as keyof GatewayFields] !== value));
  if (Object.keys(changed).length) {
    if ("name" in changed || "latitude" in changed || "longitude" in changed) await queueGatewayJob(tx, gatewayEui, "updated");
    await recordAudit(tx, actor, {
      tenantId: gateway!.ownerTenantId ?? before.ownerTenantId,
      action: "gateway.updated",
      targetType: "gateway",
      targetId: gatewayEui,
      details: { changes: changed, before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key as keyof GatewayFields]])) },
    });
  }
  return gateway!;
}

/**
 * Forgets a gateway and its hourly history. If the network still hears it, ingestion adds it again
 * under its EUI, so deleting is for decommissioned hardware and typos.
 */
export async function deleteGateway(tx: Database, actor: Actor, gatewayEui: string) {
  const [gateway] = await tx.delete(gateways).where(eq(gateways.gatewayEui, gatewayEui)).returning();
  if (!gateway) throw notFound("That gateway");
  await tx.delete(gatewayHourly).where(eq(gatewayHourly.gatewayEui, gatewayEui));
  await queueGatewayJob(tx, gatewayEui, "deleted");
  await recordAudit(tx, actor, {
    tenantId: gateway.ownerTenantId, action: "gateway.deleted", targetType: "gateway", targetId: gatewayEui,
    details: { name: gateway.name, ...(gateway.ownerTenantId ? { ownerTenantId: gateway.ownerTenantId } : {}) },
  });
}

/**
 * The operator's gateway changes reach the managed network server (under the council's tenant) through
 * the provisioning outbox. Gateways ingestion adds when it first hears them are already on the server,
 * so only these queue jobs.
 */
const queueGatewayJob = (tx: Database, gatewayEui: string, reason: string) => queueJobs(tx, [{ tenantId: null, subject: "gateway", subjectId: gatewayEui, reason }]);

async function assertCanHost(tx: Database, tenantId: string) {
  const [tenant] = await tx.select({ name: tenants.name, status: tenants.status }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("That owner tenant");
  if (tenant.status === "closed") throw invalid(`${tenant.name} is closed, so it cannot host a gateway; choose another tenant or the council.`);
}
