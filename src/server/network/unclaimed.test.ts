import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { desc, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseErrorOf, openTestDatabase } from "../../../test/database";
import { createTenant, createUser } from "../../../test/factories";
import { exclusiveHistoricalNow, ingest, join, minutesBefore, randomEui, randomPrefix, registerDevice, uplink } from "../../../test/network-traffic";
import type { NetworkEvent } from "@/domain/lorawan";
import { withPlatform, withTenant, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { resultRows } from "@/server/db/result-rows";
import { MIGRATIONS_FOLDER } from "@/server/db/migrate";
import { tenants, unclaimedDevices, unclaimedEvents } from "@/server/db/schema";
import { createConnection } from "./connections";
import { countUnclaimedDevEuisLastSeen, listUnclaimed } from "./unclaimed";

let handle: DatabaseHandle;
let db: Database;
let connectionId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const operator = await createUser(db, { platformRole: "operator" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: "test", kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

/** An unclaimed uplink heard by `gateway` (or by none), with the signal and source a test needs. */
function heard(devEui: string, at: Date, opts: { gateway?: string | null; rssi?: number; source?: NetworkEvent["source"]; deduplicationId?: string } = {}): NetworkEvent {
  const event = uplink({ devEui, at, gateways: opts.gateway ? [opts.gateway] : [], deduplicationId: opts.deduplicationId });
  return { ...event, bestRssi: opts.rssi ?? event.bestRssi, source: opts.source ?? event.source };
}

/** The unclaimed list filtered by a DevEUI prefix (a whole DevEUI finds just that one). */
const listed = (search: string, pageSize = 50) => withPlatform(db, (tx) => listUnclaimed(tx, { search, page: 1, pageSize }));
const rowOf = async (devEui: string) => (await listed(devEui)).rows[0];

/**
 * What listUnclaimed computed before unclaimed_devices existed: a GROUP BY over the raw events, with
 * the tie rule the summary uses (the greatest gateway or source among equally new events).
 */
function groupedEvents(tx: Database, prefix: string) {
  const lastSeen = sql<Date>`max(${unclaimedEvents.occurredAt})`.mapWith(unclaimedEvents.occurredAt);
  return tx
    .select({
      devEui: unclaimedEvents.devEui,
      firstSeen: sql<Date>`min(${unclaimedEvents.occurredAt})`.mapWith(unclaimedEvents.occurredAt),
      lastSeen,
      events: sql<number>`count(*)::int`,
      bestRssi: sql<number | null>`max(${unclaimedEvents.rssi})`,
      lastGatewayEui: sql<string | null>`(array_agg(${unclaimedEvents.gatewayEui} order by ${unclaimedEvents.occurredAt} desc, ${unclaimedEvents.gatewayEui} desc) filter (where ${unclaimedEvents.gatewayEui} is not null))[1]`,
      source: sql<"chirpstack" | "tts">`(array_agg(${unclaimedEvents.source}::text order by ${unclaimedEvents.occurredAt} desc, ${unclaimedEvents.source} desc))[1]`,
    })
    .from(unclaimedEvents)
    .where(like(unclaimedEvents.devEui, `${prefix}%`))
    .groupBy(unclaimedEvents.devEui)
    .orderBy(desc(lastSeen), unclaimedEvents.devEui);
}

describe("unclaimed_devices kept by ingestion", () => {
  it("counts a redelivered event once, whether redelivered alone, twice in a batch or alongside a new event", async () => {
    const devEui = randomEui();
    const t = await exclusiveHistoricalNow(db);
    const first = heard(devEui, t, { deduplicationId: randomUUID() });
    await ingest(db, connectionId, [first]);
    await ingest(db, connectionId, [first]);
    await ingest(db, connectionId, [first, first]);
    expect(await rowOf(devEui)).toMatchObject({ events: 1, firstSeen: t, lastSeen: t });

    await ingest(db, connectionId, [first, heard(devEui, minutesBefore(t, -5))]);
    expect(await rowOf(devEui)).toMatchObject({ events: 2, firstSeen: t, lastSeen: minutesBefore(t, -5) });
  });

  it("lets an older event arriving late move first seen back and raise the best signal, but not change last seen, gateway or source", async () => {
    const devEui = randomEui();
    const [newGateway, oldGateway] = [randomEui(), randomEui()];
    const t = await exclusiveHistoricalNow(db);
    await ingest(db, connectionId, [heard(devEui, t, { gateway: newGateway, rssi: -100 })]);
    await ingest(db, connectionId, [heard(devEui, minutesBefore(t, 60), { gateway: oldGateway, rssi: -70, source: "tts" })]);
    expect(await rowOf(devEui)).toEqual({
      devEui, firstSeen: minutesBefore(t, 60), lastSeen: t, events: 2, bestRssi: -70, lastGatewayEui: newGateway, source: "chirpstack",
    });
  });

  it("sums two DevEUIs of one batch separately, whatever the order of their events in it", async () => {
    const prefix = randomPrefix();
    const [a, b] = [randomEui(prefix), randomEui(prefix)];
    const [gatewayA, gatewayB] = [randomEui(), randomEui()];
    const t = await exclusiveHistoricalNow(db);
    await ingest(db, connectionId, [
      heard(a, minutesBefore(t, 10), { gateway: gatewayA, rssi: -90 }),
      heard(b, minutesBefore(t, 5), { gateway: gatewayB, rssi: -80 }),
      heard(a, minutesBefore(t, 30), { gateway: gatewayB, rssi: -75 }),
      heard(b, minutesBefore(t, 50), { gateway: gatewayA, rssi: -85 }),
      heard(b, minutesBefore(t, 20), { gateway: gatewayA, rssi: -95 }),
    ]);
    expect(await listed(prefix)).toEqual({
      total: 2,
      rows: [
        { devEui: b, firstSeen: minutesBefore(t, 50), lastSeen: minutesBefore(t, 5), events: 3, bestRssi: -80, lastGatewayEui: gatewayB, source: "chirpstack" },
        { devEui: a, firstSeen: minutesBefore(t, 30), lastSeen: minutesBefore(t, 10), events: 2, bestRssi: -75, lastGatewayEui: gatewayA, source: "chirpstack" },
      ],
    });
  });

  it("keeps the last gateway that heard a device when newer events came without one, as the GROUP BY did", async () => {
    const devEui = randomEui();
    const gateway = randomEui();
    const t = await exclusiveHistoricalNow(db);
    await ingest(db, connectionId, [heard(devEui, t, { gateway })]);
    await ingest(db, connectionId, [join({ devEui, at: minutesBefore(t, -10) }), heard(devEui, minutesBefore(t, -20), { source: "tts" })]);
    expect(await rowOf(devEui)).toMatchObject({ lastSeen: minutesBefore(t, -20), events: 3, lastGatewayEui: gateway, source: "tts" });
  });

  it("settles events at the same time on the greatest gateway and source, whichever arrives first", async () => {
    const [forwards, backwards] = [randomEui(), randomEui()];
    const [low, high] = [randomEui("00"), randomEui("ff")];
    const t = await exclusiveHistoricalNow(db);
    const lowFirst = (devEui: string) => [heard(devEui, t, { gateway: low, source: "chirpstack" }), heard(devEui, t, { gateway: high, source: "tts" })];
    const [one, two] = lowFirst(forwards);
    await ingest(db, connectionId, [one!]);
    await ingest(db, connectionId, [two!]);
    const [three, four] = lowFirst(backwards);
    await ingest(db, connectionId, [four!]);
    await ingest(db, connectionId, [three!]);
    for (const devEui of [forwards, backwards]) expect(await rowOf(devEui)).toMatchObject({ lastGatewayEui: high, source: "tts", events: 2 });
  });

  it("gives the same rows as the GROUP BY over the stored events, for any batching, order and redelivery", async () => {
    const prefix = randomPrefix();
    const euis = [randomEui(prefix), randomEui(prefix), randomEui(prefix)];
    const gatewayPool = [randomEui(), randomEui(), null];
    const t = await exclusiveHistoricalNow(db);
    const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!;
    const events = Array.from({ length: 40 }, () =>
      heard(pick(euis), minutesBefore(t, pick([0, 5, 5, 30, 60, 61, 120])), { gateway: pick(gatewayPool), rssi: -60 - Math.floor(Math.random() * 60), source: pick(["chirpstack", "tts"] as const) }),
    );
    const deliveries = [...events, ...events.filter(() => Math.random() < 0.3)].sort(() => Math.random() - 0.5);
    for (let start = 0; start < deliveries.length; ) {
      const size = 1 + Math.floor(Math.random() * 8);
      await ingest(db, connectionId, deliveries.slice(start, start + size));
      start += size;
    }
    const expected = await withPlatform(db, (tx) => groupedEvents(tx, prefix));
    expect(expected.reduce((sum, row) => sum + row.events, 0)).toBe(events.length);
    expect((await listed(prefix)).rows).toEqual(expected);
  });
});

describe("claimed DevEUIs", () => {
  it("leave the list and the count once a tenant registers them, and return with their totals when that tenant closes", async () => {
    const prefix = randomPrefix();
    const [sold, other] = [randomEui(prefix), randomEui(prefix)];
    const now = await exclusiveHistoricalNow(db);
    await ingest(db, connectionId, [heard(sold, minutesBefore(now, 60)), heard(sold, minutesBefore(now, 30)), heard(other, minutesBefore(now, 10))]);
    const count = () => withPlatform(db, (tx) => countUnclaimedDevEuisLastSeen(tx, minutesBefore(now, 90), now));
    expect(await count()).toBe(2);

    const customer = await createTenant(db);
    await registerDevice(db, customer.id, sold);
    expect(await listed(prefix)).toMatchObject({ total: 1, rows: [{ devEui: other }] });
    expect(await count()).toBe(1);
    // While registered its traffic is the tenant's, not the pipeline's.
    expect(await ingest(db, connectionId, [heard(sold, minutesBefore(now, 20))])).toEqual([{ status: "stored", suspended: false }]);

    await withPlatform(db, (tx) => tx.update(tenants).set({ status: "closed" }).where(eq(tenants.id, customer.id)));
    expect(await listed(prefix)).toMatchObject({ total: 2, rows: [{ devEui: other }, { devEui: sold, events: 2, lastSeen: minutesBefore(now, 30) }] });
    expect(await count()).toBe(2);
  });

});

describe("the count of unclaimed DevEUIs", () => {
  it("counts only those last heard inside the window, up to now", async () => {
    const now = await exclusiveHistoricalNow(db);
    const [before, after, inside] = [randomEui(), randomEui(), randomEui()];
    await ingest(db, connectionId, [heard(before, minutesBefore(now, 150)), heard(after, minutesBefore(now, -1)), heard(inside, minutesBefore(now, 60))]);
    expect(await withPlatform(db, (tx) => countUnclaimedDevEuisLastSeen(tx, minutesBefore(now, 120), now))).toBe(1);
  });
});

describe("the backfill migration", () => {
  /**
   * Runs the migration's own SQL on events inserted directly, as a database upgraded with unclaimed
   * events already stored would hold them. Against temporary tables of the same definition, which
   * shadow the real ones for the transaction (unqualified names look in pg_temp first), so neither the
   * table-wide INSERT nor the rows it writes touch what concurrent test files see.
   */
  it("sums events stored before unclaimed_devices existed into the rows the GROUP BY gave", async () => {
    const backfill = readFileSync(path.join(MIGRATIONS_FOLDER, "0012_unclaimed_devices_backfill.sql"), "utf8");
    const prefix = randomPrefix();
    const [a, b, c] = [randomEui(prefix), randomEui(prefix), randomEui(prefix)];
    const [gateway1, gateway2] = [randomEui("00"), randomEui("ff")];
    const t = await exclusiveHistoricalNow(db);
    const at = (minutes: number) => minutesBefore(t, minutes);
    const event = (devEui: string, occurredAt: Date, gatewayEui: string | null, rssi: number | null, source: "chirpstack" | "tts" = "chirpstack") => ({
      dedupKey: randomUUID(), devEui, kind: "uplink" as const, source, occurredAt, rssi, gatewayEui,
    });

    const { backfilled, grouped } = await withPlatform(db, async (tx) => {
      await tx.execute(sql`create temp table unclaimed_events (like public.unclaimed_events including all) on commit drop`);
      await tx.execute(sql`create temp table unclaimed_devices (like public.unclaimed_devices including all) on commit drop`);
      await tx.insert(unclaimedEvents).values([
        event(a, at(30), gateway1, -80), event(a, at(90), gateway2, -70), event(a, at(10), null, null, "tts"),
        event(b, at(5), gateway1, -90), event(b, at(5), gateway2, -95, "tts"), event(b, at(5), gateway1, -85),
        event(c, at(50), null, null),
      ]);
      await tx.execute(sql.raw(backfill));
      return { backfilled: await listUnclaimed(tx, { search: prefix, page: 1, pageSize: 10 }), grouped: await groupedEvents(tx, prefix) };
    });
    expect(backfilled).toEqual({ total: 3, rows: grouped });
    expect(grouped).toEqual([
      { devEui: b, firstSeen: at(5), lastSeen: at(5), events: 3, bestRssi: -85, lastGatewayEui: gateway2, source: "tts" },
      { devEui: a, firstSeen: at(90), lastSeen: at(10), events: 3, bestRssi: -70, lastGatewayEui: gateway1, source: "tts" },
      { devEui: c, firstSeen: at(50), lastSeen: at(50), events: 1, bestRssi: null, lastGatewayEui: null, source: "chirpstack" },
    ]);
    // The temporary tables went with the transaction: the real ones never held these rows.
    expect(await withPlatform(db, (tx) => tx.select().from(unclaimedDevices).where(like(unclaimedDevices.devEui, `${prefix}%`)))).toEqual([]);
  });
});

describe("access to unclaimed_devices", () => {
  it("is the operator's only: a tenant sees no rows and cannot write any", async () => {
    const devEui = randomEui();
    await ingest(db, connectionId, [heard(devEui, await exclusiveHistoricalNow(db))]);
    const tenant = await createTenant(db);
    const asTenant = <T>(fn: (tx: Database) => Promise<T>) => withTenant(db, { tenantId: tenant.id }, fn);
    expect(await asTenant((tx) => tx.select().from(unclaimedDevices).where(eq(unclaimedDevices.devEui, devEui)))).toEqual([]);
    const insert = asTenant((tx) => tx.insert(unclaimedDevices).values({ devEui: randomEui(), firstSeenAt: new Date(), lastSeenAt: new Date(), events: 1, lastSource: "tts" }));
    expect(await databaseErrorOf(insert)).toMatch(/row-level security/);
    expect(await asTenant((tx) => tx.update(unclaimedDevices).set({ events: 0 }).where(eq(unclaimedDevices.devEui, devEui)).returning())).toEqual([]);
    expect(await rowOf(devEui)).toMatchObject({ events: 1 });
  });

  it("binds the table's owner too (FORCE row-level security, as every other table)", async () => {
    const flags = resultRows<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      await db.execute(sql`select relrowsecurity, relforcerowsecurity from pg_class where oid = 'public.unclaimed_devices'::regclass`),
    );
    expect(flags).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });
});
