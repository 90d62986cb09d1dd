import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createTenant, createUser, unique } from "../../../test/factories";
import { createForwarder } from "../../../test/forwarders";
import { ingest, randomEui, registerDevice, uplink } from "../../../test/network-traffic";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, forwardDeliveries, unclaimedDevices, unclaimedEvents } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { purgeExpired } from "./retention";

let handle: DatabaseHandle;
let db: Database;
let connectionId: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const operator = await createUser(db, { platformRole: "operator" });
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: unique("cs"), kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

// Before anything other test files store (their traffic is from 2001 on), so by this clock only what this
// file places is old enough to go: the database is shared with them.
const now = new Date("1995-06-01T00:00:00Z");
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

/** A tenant's forwarder with one delivery per status and age: delivered long ago, delivered lately, failed and pending long ago. */
async function deliveries() {
  const tenant = await createTenant(db);
  const device = await registerDevice(db, tenant.id);
  const forwarder = await createForwarder(db, tenant.id);
  const events = [1, 2, 3, 4].map((k) => uplink({ devEui: device.devEui, at: daysBefore(100 + k) }));
  await ingest(db, connectionId, events);
  const rows = await withPlatform(db, (tx) => tx.select({ id: forwardDeliveries.id }).from(forwardDeliveries).where(eq(forwardDeliveries.forwarderId, forwarder.id)).orderBy(forwardDeliveries.id));
  const [oldDelivered, newDelivered, oldFailed, oldPending] = rows.map((r) => r.id);
  const set = (id: number, values: Partial<typeof forwardDeliveries.$inferInsert>) => withPlatform(db, (tx) => tx.update(forwardDeliveries).set(values).where(eq(forwardDeliveries.id, id)));
  await set(oldDelivered!, { status: "delivered", deliveredAt: daysBefore(40) });
  await set(newDelivered!, { status: "delivered", deliveredAt: daysBefore(5) });
  await set(oldFailed!, { status: "failed", lastAttemptAt: daysBefore(40) });
  return { forwarder, ids: { oldDelivered: oldDelivered!, newDelivered: newDelivered!, oldFailed: oldFailed!, oldPending: oldPending! }, device };
}

describe("retention", () => {
  it("deletes raw unclaimed events and delivered deliveries past the age, a batch at a time, and nothing else", async () => {
    const stranger = randomEui();
    const old = Array.from({ length: 7 }, (_, k) => uplink({ devEui: stranger, at: daysBefore(31 + k) }));
    const recent = [uplink({ devEui: stranger, at: daysBefore(29) })];
    await ingest(db, connectionId, [...old, ...recent]);
    const { forwarder, ids, device } = await deliveries();

    const purged = await purgeExpired(db, { days: 30, now, batchSize: 3, pauseMs: 0 });
    expect(purged.unclaimedEvents).toBeGreaterThanOrEqual(7);
    expect(purged.deliveries).toBeGreaterThanOrEqual(1);

    const left = await withPlatform(db, (tx) => tx.select({ dedupKey: unclaimedEvents.dedupKey }).from(unclaimedEvents).where(eq(unclaimedEvents.devEui, stranger)));
    expect(left.map((r) => r.dedupKey)).toEqual(recent.map((e) => e.dedupKey));
    // The unclaimed list's totals are kept: they are what the list shows.
    const [summary] = await withPlatform(db, (tx) => tx.select().from(unclaimedDevices).where(eq(unclaimedDevices.devEui, stranger)));
    expect(summary!.events).toBe(8);

    const kept = await withPlatform(db, (tx) => tx.select({ id: forwardDeliveries.id }).from(forwardDeliveries).where(eq(forwardDeliveries.forwarderId, forwarder.id)));
    expect(kept.map((r) => r.id).sort()).toEqual([ids.newDelivered, ids.oldFailed, ids.oldPending].sort());
    // The events themselves stay (device history is not this job's).
    expect(await withPlatform(db, (tx) => tx.select({ id: deviceEvents.id }).from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)))).toHaveLength(4);

    expect(await purgeExpired(db, { days: 30, now, pauseMs: 0 })).toEqual({ unclaimedEvents: 0, deliveries: 0 });
  });

  // Needs two connections at once: PostgreSQL only (the embedded database runs one transaction at a time).
  it.runIf(process.env.DATABASE_URL)("never waits for a row another transaction holds (an outcome being recorded): it skips it and finishes", async () => {
    const { ids } = await deliveries();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // A forwarder recording an outcome holds the row it updates until its transaction ends.
    const holder = withPlatform(db, async (tx) => {
      await tx.execute(sql`select id from forward_deliveries where id = ${ids.oldDelivered} for update`);
      locked();
      await released;
    });
    await isLocked;
    const purge = purgeExpired(db, { days: 30, now, pauseMs: 0 });
    const finished = await Promise.race([purge.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000))]);
    release();
    await holder;
    expect(finished).toBe(true);
    expect(await withPlatform(db, (tx) => tx.select({ id: forwardDeliveries.id }).from(forwardDeliveries).where(inArray(forwardDeliveries.id, [ids.oldDelivered])))).toHaveLength(1);
    expect((await purgeExpired(db, { days: 30, now, pauseMs: 0 })).deliveries).toBeGreaterThanOrEqual(1);
  });
});
