import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { databaseErrorOf, useTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { createForwarder, deliveriesOf } from "../../../test/forwarders";
import { ingest, registerDevice, uplink } from "../../../test/network-traffic";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { deviceEvents, usageHourly } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { eventPartitions, maintainEventPartitions, MONTHS_AHEAD, monthsFrom, monthStart, partitionMonth } from "./event-partitions";

const database = useTestDatabase();

const utc = (iso: string) => new Date(`${iso}Z`);
const DAY_MS = 86_400_000;

/**
 * Times before anything other test files store (their traffic starts in 1901), so the partitions this
 * file creates and drops hold only its own events: the database is shared with them.
 */
async function deviceWithConnection(db: Database) {
  const tenant = await createTenant(db);
  const device = await registerDevice(db, tenant.id);
  const operator = await createUser(db, { platformRole: "operator" });
  const connection = await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: `partitions-${device.devEui}`, kind: "chirpstack" }));
  return { tenant, device, connectionId: connection.id };
}

/** Which partition holds each of the device's events, by dedup key. */
async function partitionsOf(db: Database, deviceId: string) {
  const rows = resultRows<{ dedup_key: string; partition: string }>(
    await withPlatform(db, (tx) => tx.execute(sql`select dedup_key, tableoid::regclass::text as partition from device_events where device_id = ${deviceId}`)),
  );
  return Object.fromEntries(rows.map((r) => [r.dedup_key, r.partition]));
}

describe("month arithmetic", () => {
  it("names every UTC month between two times, both ends included", () => {
    expect(monthsFrom(utc("2026-11-30T23:59:59"), utc("2027-02-01T00:00:00")).map((m) => m.toISOString().slice(0, 7))).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthStart(utc("2026-12-31T23:00:00"), 1)).toEqual(utc("2027-01-01T00:00:00"));
    expect(monthStart(utc("2026-01-15T00:00:00"), -13)).toEqual(utc("2024-12-01T00:00:00"));
  });

  it("reads a partition's month from its name, and none from the default partition's", () => {
    expect(partitionMonth("device_events_2027_03")).toEqual(utc("2027-03-01T00:00:00"));
    expect(partitionMonth("device_events_default")).toBeNull();
  });
});

describe("device events by month", () => {
  it("the migrated database has this month's partition, the next ones and the default one", async () => {
    const names = (await eventPartitions(database.db)).map((p) => p.name);
    const now = new Date();
    for (const month of monthsFrom(now, monthStart(now, MONTHS_AHEAD))) {
      expect(names).toContain(`device_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`);
    }
    expect(names.at(-1)).toBe("device_events_default");
  });

  it("keeps a month's events in the default partition until the job gives the month its own, then moves them there; later ones go straight in", async () => {
    const { device, connectionId } = await deviceWithConnection(database.db);
    const early = [uplink({ devEui: device.devEui, at: utc("1850-02-10T10:00:00") }), uplink({ devEui: device.devEui, at: utc("1850-03-01T00:00:00") })];
    await ingest(database.db, connectionId, early);
    expect(Object.values(await partitionsOf(database.db, device.id))).toEqual(["device_events_default", "device_events_default"]);

    const pass = await maintainEventPartitions(database.db, { now: utc("1850-05-15T00:00:00"), retentionMonths: null });
    // From the backlog's month to MONTHS_AHEAD after "now".
    expect(pass.created).toEqual(expect.arrayContaining(["device_events_1850_02", "device_events_1850_03", "device_events_1850_05", "device_events_1850_08"]));
    expect(await partitionsOf(database.db, device.id)).toEqual({ [early[0]!.dedupKey]: "device_events_1850_02", [early[1]!.dedupKey]: "device_events_1850_03" });

    const later = uplink({ devEui: device.devEui, at: utc("1850-03-20T08:00:00") });
    await ingest(database.db, connectionId, [later, early[0]!]);
    expect(await partitionsOf(database.db, device.id)).toEqual({
      [early[0]!.dedupKey]: "device_events_1850_02", [early[1]!.dedupKey]: "device_events_1850_03", [later.dedupKey]: "device_events_1850_03",
    });
    // Moving rows changed no figure: three uplinks metered, the replayed one not again.
    const usage = await withPlatform(database.db, (tx) => tx.select({ uplinks: usageHourly.uplinks }).from(usageHourly).where(eq(usageHourly.deviceId, device.id)));
    expect(usage.reduce((sum, r) => sum + r.uplinks, 0)).toBe(3);

    // A second pass has nothing left to do.
    expect((await maintainEventPartitions(database.db, { now: utc("1850-05-15T00:00:00"), retentionMonths: null })).created).toEqual([]);
  });

  it("stores a retried event once, whatever time each copy is stored at (the partition key is the time the network server reported)", async () => {
    const { device, connectionId } = await deviceWithConnection(database.db);
    const reported = utc("1851-06-01T12:00:00");
    // Trusted when it first arrives; its retry three days later is outside the clock window, so it would be stored at its own arrival time.
    const deduplicationId = randomUUID();
    const first = uplink({ devEui: device.devEui, at: reported, deduplicationId });
    const retry = uplink({ devEui: device.devEui, at: reported, receivedAt: new Date(reported.getTime() + 3 * DAY_MS), deduplicationId });
    expect(retry.dedupKey).toBe(first.dedupKey);
    expect(retry.clockSkew).toBe(true);
    // A clock years out: every copy is stored at the time it arrived.
    const skewedId = randomUUID();
    const skewed = (receivedAt: Date) => uplink({ devEui: device.devEui, at: utc("1700-01-01T00:00:00"), receivedAt, deduplicationId: skewedId });

    const outcomes = [
      ...(await ingest(database.db, connectionId, [first, skewed(utc("1851-06-02T00:00:00"))])),
      ...(await ingest(database.db, connectionId, [retry, skewed(utc("1851-06-02T00:05:00"))])),
    ];
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "stored", "duplicate", "duplicate"]);
    const stored = await withPlatform(database.db, (tx) => tx.select({ occurredAt: deviceEvents.occurredAt, clockSkew: deviceEvents.clockSkew }).from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)).orderBy(deviceEvents.occurredAt));
    expect(stored).toEqual([{ occurredAt: reported, clockSkew: false }, { occurredAt: utc("1851-06-02T00:00:00"), clockSkew: true }]);
  });

  it("with a retention, drops the months before it with their forwarding deliveries, and the default partition's older events; keeps the rest", async () => {
    const { tenant, device, connectionId } = await deviceWithConnection(database.db);
    const forwarder = await createForwarder(database.db, tenant.id);
    const old = uplink({ devEui: device.devEui, at: utc("1860-01-20T00:00:00") });
    const kept = uplink({ devEui: device.devEui, at: utc("1860-04-02T00:00:00") });
    // Its clock says 1700: stored at its arrival, in January, in the default partition.
    const skewed = uplink({ devEui: device.devEui, at: utc("1700-01-01T00:00:00"), receivedAt: utc("1860-01-25T00:00:00") });
    await ingest(database.db, connectionId, [old, kept, skewed]);
    expect(await deliveriesOf(database.db, forwarder.id)).toHaveLength(3);

    const pass = await maintainEventPartitions(database.db, { now: utc("1860-05-15T00:00:00"), retentionMonths: 3 });
    expect(pass.dropped).toContain("device_events_1860_01");
    expect(pass.dropped).not.toContain("device_events_1860_04");
    expect(pass.deletedFromDefault).toBeGreaterThanOrEqual(1);
    expect(Object.keys(await partitionsOf(database.db, device.id))).toEqual([kept.dedupKey]);
    expect((await deliveriesOf(database.db, forwarder.id)).map((d) => d.eventId)).toHaveLength(1);
    const names = (await eventPartitions(database.db)).map((p) => p.name);
    expect(names).not.toContain("device_events_1860_01");
    expect(names).toContain("device_events_1860_04");
  });

  it("lets no application role read a partition directly: tenants' rows are reached through device_events and its policies only", async () => {
    const a = await deviceWithConnection(database.db);
    const b = await createTenant(database.db);
    await ingest(database.db, a.connectionId, [uplink({ devEui: a.device.devEui, at: new Date() })]);
    const month = monthStart(new Date());
    const partition = `device_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;

    expect(await withTenant(database.db, { tenantId: a.tenant.id }, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, a.device.id)))).toHaveLength(1);
    expect(await withTenant(database.db, { tenantId: b.id }, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, a.device.id)))).toEqual([]);
    for (const name of [partition, "device_events_default"]) {
      expect(await databaseErrorOf(withTenant(database.db, { tenantId: a.tenant.id }, (tx) => tx.execute(sql.raw(`select * from ${name}`))))).toMatch(/permission denied/);
      expect(await databaseErrorOf(withPlatform(database.db, (tx) => tx.execute(sql.raw(`select * from ${name}`))))).toMatch(/permission denied/);
    }
  });
});
