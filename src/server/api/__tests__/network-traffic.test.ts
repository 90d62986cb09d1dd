import { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createTenant, createTenantWithTeam, createUser } from "../../../../test/factories";
import { exclusiveHistoricalNow, ingest, join, minutesBefore, randomEui, randomPrefix, registerDevice, uplink } from "../../../../test/network-traffic";
import { hourStart } from "@/domain/billing/billing-period";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { createConnection } from "@/server/network/connections";
import { networkOverview } from "@/server/network/overview";

let handle: DatabaseHandle;
let db: Database;
let op: ReturnType<typeof callerFor>;
let connectionId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  const operator = await createUser(db, { platformRole: "operator" });
  op = callerFor(db, operator.id);
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: "test", kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());

const hours = (h: number) => h * 60;

describe("network overview", () => {
  /**
   * Traffic is placed around a "now" years in the past that differs per run, so the numbers below are
   * exact even in a database other test files are writing to at the same time.
   */
  it("computes traffic, active devices, the tenant table and unclaimed DevEUIs exactly from ingested traffic", async () => {
    const now = await exclusiveHistoricalNow(db);
    const at = (m: number) => minutesBefore(now, m);
    const busy = await createTenant(db);
    const quiet = await createTenant(db);
    const [a1, a2] = [await registerDevice(db, busy.id), await registerDevice(db, busy.id)];
    const b1 = await registerDevice(db, quiet.id);
    // Joined in the last day but sent no uplink: traffic, yet not in the tenant table.
    const joining = await createTenant(db);
    const c1 = await registerDevice(db, joining.id);
    const [u1, u2, u3] = [randomEui(), randomEui(), randomEui()];

    const retried = uplink({ devEui: b1.devEui, at: at(hours(5)) });
    await ingest(db, connectionId, [
      // busy: 3 uplinks this hour, 1 two hours ago, 1 thirty hours ago (chart only), 1 fifty hours ago (nowhere)
      ...[1, 2, 3].map(() => uplink({ devEui: a1.devEui, at: at(10) })),
      uplink({ devEui: a1.devEui, at: at(hours(2)) }),
      uplink({ devEui: a1.devEui, at: at(hours(30)) }),
      uplink({ devEui: a1.devEui, at: at(hours(50)) }),
      // a join is traffic, but not an uplink: a2 is not an active device
      join({ devEui: a2.devEui, at: at(hours(1)) }),
      join({ devEui: c1.devEui, at: at(hours(3)) }),
      // quiet: 2 uplinks five hours ago, one of them delivered again below
      retried,
      uplink({ devEui: b1.devEui, at: at(hours(5)) }),
      // unclaimed: u1 and u3 inside the last 24 h, u2 only before it
      uplink({ devEui: u1, at: at(hours(1)) }),
      uplink({ devEui: u1, at: at(hours(3)) }),
      uplink({ devEui: u2, at: at(hours(26)) }),
      uplink({ devEui: u3, at: at(hours(20)) }),
    ]);
    await ingest(db, connectionId, [retried]);

    const overview = await withPlatform(db, (tx) => networkOverview(tx, now));
    expect(overview.uplinksPerHour).toHaveLength(48);
    expect(overview.uplinksPerHour[0]!.hour).toEqual(new Date(hourStart(now).getTime() - 47 * 3_600_000));
    expect(overview.uplinksPerHour.at(-1)!.hour).toEqual(hourStart(now));
    const nonZero = overview.uplinksPerHour.filter((p) => p.uplinks > 0).map((p) => [p.hour.toISOString(), p.uplinks]);
    expect(nonZero).toEqual([
      [hourStart(at(hours(30))).toISOString(), 1],
      [hourStart(at(hours(5))).toISOString(), 2],
      [hourStart(at(hours(2))).toISOString(), 1],
      [hourStart(at(10)).toISOString(), 3],
    ]);
    expect(overview.uplinksLast24h).toBe(6);
    expect(overview.activeDevicesLast24h).toBe(2);
    expect(overview.unclaimedDevEuisLast24h).toBe(2);
    expect(overview.topTenants).toEqual([
      expect.objectContaining({ tenantId: busy.id, name: busy.name, uplinks: 4, joins: 1, activeDevices: 1, downlinks: 0 }),
      expect.objectContaining({ tenantId: quiet.id, name: quiet.name, uplinks: 2, joins: 0, activeDevices: 1 }),
    ]);
    expect(overview.topTenants[0]!.credits).toBeGreaterThan(0);
  });

  it("counts events stored at their receive time because the network server's clock was off, over the last 24 h", async () => {
    const now = await exclusiveHistoricalNow(db);
    const at = (m: number) => minutesBefore(now, m);
    const tenant = await createTenant(db);
    const device = await registerDevice(db, tenant.id);
    const yearsAhead = new Date(now.getTime() + 5 * 365 * 24 * 3_600_000);
    await ingest(db, connectionId, [
      uplink({ devEui: device.devEui, at: yearsAhead, receivedAt: at(30) }),
      uplink({ devEui: device.devEui, at: at(hours(24 * 400)), receivedAt: at(hours(3)) }),
      uplink({ devEui: device.devEui, at: yearsAhead, receivedAt: at(hours(30)) }), // before the window
      uplink({ devEui: device.devEui, at: at(20) }), // on time
    ]);
    const overview = await withPlatform(db, (tx) => networkOverview(tx, now));
    expect(overview.clockSkewedEventsLast24h).toBe(2);
    expect(overview.uplinksLast24h).toBe(3);
  });

  it("counts tenants by status and gateways online and offline consistently", async () => {
    await createTenant(db, "suspended");
    const gateway = randomEui();
    await ingest(db, connectionId, [uplink({ devEui: randomEui(), at: new Date(), gateways: [gateway] })]);
    const overview = await op.networkOverview.get();
    expect(overview.tenantsByStatus.suspended).toBeGreaterThanOrEqual(1);
    expect(Object.keys(overview.tenantsByStatus).sort()).toEqual(["active", "closed", "pending", "suspended"]);
    expect(overview.gateways.online).toBeGreaterThanOrEqual(1);
    expect(overview.gateways.online + overview.gateways.offline).toBe(overview.gateways.total);
    expect((await op.gateways.list({ search: gateway })).rows[0]!.status).toBe("online");
  });

  it("is for operators only", async () => {
    const team = await createTenantWithTeam(db);
    const asTenant = callerFor(db, team.owner.id, team.tenant.slug);
    await expect(asTenant.networkOverview.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("unclaimed traffic", () => {
  it("groups events by DevEUI, counts a retried event once, and sorts by last heard", async () => {
    const prefix = randomPrefix();
    const [first, second] = [randomEui(prefix), randomEui(prefix)];
    const now = new Date();
    const gatewayA = randomEui();
    const gatewayB = randomEui();
    const dedup = randomUUID();
    await ingest(db, connectionId, [
      uplink({ devEui: first, at: minutesBefore(now, 120), gateways: [gatewayA, gatewayB], deduplicationId: dedup }),
      uplink({ devEui: first, at: minutesBefore(now, 60), gateways: [gatewayB] }),
      uplink({ devEui: second, at: minutesBefore(now, 30), gateways: [gatewayA] }),
    ]);
    // The network server retries the first event; in another batch, and twice in one batch.
    const retry = uplink({ devEui: first, at: minutesBefore(now, 120), gateways: [gatewayA, gatewayB], deduplicationId: dedup });
    await ingest(db, connectionId, [retry]);
    await ingest(db, connectionId, [retry, retry]);

    const list = await op.unclaimedTraffic.list({ search: prefix.toUpperCase() });
    expect(list.total).toBe(2);
    expect(list.rows).toEqual([
      { devEui: second, firstSeen: minutesBefore(now, 30), lastSeen: minutesBefore(now, 30), events: 1, bestRssi: -60, lastGatewayEui: gatewayA, source: "chirpstack" },
      { devEui: first, firstSeen: minutesBefore(now, 120), lastSeen: minutesBefore(now, 60), events: 2, bestRssi: -60, lastGatewayEui: gatewayB, source: "chirpstack" },
    ]);
    expect(list.rows[0]!.lastSeen).toBeInstanceOf(Date);
  });

  it("searches by DevEUI prefix typed with separators, paginates, and drops a DevEUI once a tenant registers it", async () => {
    const prefix = randomPrefix();
    const euis = Array.from({ length: 6 }, () => randomEui(prefix));
    const now = new Date();
    await ingest(db, connectionId, euis.map((devEui, i) => uplink({ devEui, at: minutesBefore(now, i) })));
    const typed = prefix.toUpperCase().match(/../g)!.join("-");
    const page1 = await op.unclaimedTraffic.list({ search: typed, page: 1, pageSize: 5 });
    const page2 = await op.unclaimedTraffic.list({ search: typed, page: 2, pageSize: 5 });
    expect(page1.total).toBe(6);
    expect([...page1.rows, ...page2.rows].map((r) => r.devEui)).toEqual(euis);

    const customer = await createTenant(db);
    await registerDevice(db, customer.id, euis[0]);
    const after = await op.unclaimedTraffic.list({ search: prefix, pageSize: 10 });
    expect(after.total).toBe(5);
    expect(after.rows.map((r) => r.devEui)).not.toContain(euis[0]);
  });

  it("refuses a search that cannot be the start of a DevEUI", async () => {
    const error = await op.unclaimedTraffic.list({ search: "sensor-12" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Search by the start of a DevEUI") });
  });
});
