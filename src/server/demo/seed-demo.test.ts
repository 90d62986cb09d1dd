import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { callerFor, captureMail } from "../../../test/factories";
import { sharedCodecRunner } from "@/domain/codecs";
import { decryptDeviceKey } from "@/domain/crypto/device-keys";
import { authenticate } from "@/server/auth/authenticate";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, deviceEvents, deviceProfiles, devices, gatewayHourly, gateways, invoices, memberships, networkConnections, tenantBilling, tenants, unclaimedEvents, usageHourly } from "@/server/db/schema";
import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { createIngestion } from "@/server/ingestion/ingestion-service";
import { findConnectionBySecret } from "@/server/network/connections";
import { listMyTenants } from "@/server/tenancy/my-tenants";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";
import { DEMO_CHIRPSTACK_SECRET, DEMO_CONNECTION, DEMO_DEVICES, DEMO_GATEWAYS, DEMO_PROFILES, DEMO_UNKNOWN_DEVICES } from "./demo-network";
import { DEMO_PAST_DUE_TENANT, demoHistoryEvents, seedDemoHistory } from "./demo-history";
import { seedDemo } from "./seed-demo";
import { TrafficSimulator } from "./traffic-simulator";

let handle: DatabaseHandle;
let db: Database;
// The demo as it would be on 3 July 2025 (months nobody else's tests invoice), with 35 days of history
// (60 on a real start): May's and June's invoices issued on the 1st of the next month; those of tenants
// who pay settled nine days later; Northgate's May invoice due on 15 June and still open; a backlog of
// May's last evening arriving after May's invoice, so June's invoice carries it.
const seededAt = new Date("2025-07-03T12:00:00Z");
const days = 35;
const history = { now: seededAt, days, mailer: captureMail() };
let first: Awaited<ReturnType<typeof seedDemoHistory>>;
let second: Awaited<ReturnType<typeof seedDemoHistory>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  // Network-server management is tested where it cannot meet other files (provisioning/__tests__/demo-provisioning.test.ts).
  await seedDemo(db, { now: seededAt, manageNetwork: false });
  first = await seedDemoHistory(db, history);
  await seedDemo(db, { now: seededAt, manageNetwork: false });
  second = await seedDemoHistory(db, history);
}, 120_000);
afterAll(async () => {
  await sharedCodecRunner().close();
  await handle.close();
});

it("seeds usable demo accounts once, however often it runs", async () => {
  const slugs = DEMO_TENANTS.map((t) => t.slug);
  const seeded = await withPlatform(db, (tx) => tx.select().from(tenants).where(inArray(tenants.slug, slugs)));
  expect(seeded.map((t) => t.slug).sort()).toEqual([...slugs].sort());
  const owners = await withPlatform(db, (tx) => tx.select().from(memberships).where(inArray(memberships.tenantId, seeded.map((t) => t.id))));
  expect(owners.filter((m) => m.role === "owner")).toHaveLength(DEMO_TENANTS.length);

  const operator = await authenticate(db, DEMO_STAFF[0]!.email, DEMO_PASSWORD, "seed-test");
  expect(operator).toMatchObject({ ok: true, user: { platformRole: "operator" } });
  const cafeOwner = await authenticate(db, DEMO_TENANTS[1]!.owner.email, DEMO_PASSWORD, "seed-test");
  if (!cafeOwner.ok) throw new Error("demo tenant owner cannot sign in");
  expect((await listMyTenants(db, cafeOwner.user.id)).map((t) => t.slug)).toEqual(["riverside-cafe"]);
});

it("seeds the demo network once: a ChirpStack connection with the demo secret, gateways, profiles with codecs, devices", async () => {
  const connection = await withPlatform(db, (tx) => findConnectionBySecret(tx, DEMO_CHIRPSTACK_SECRET));
  expect(connection).toMatchObject({ id: DEMO_CONNECTION.id, kind: "chirpstack", disabled: false });
  expect(await withPlatform(db, (tx) => tx.select().from(networkConnections).where(eq(networkConnections.id, DEMO_CONNECTION.id)))).toHaveLength(1);

  const seededGateways = await withPlatform(db, (tx) => tx.select().from(gateways).where(inArray(gateways.gatewayEui, DEMO_GATEWAYS.map((g) => g.gatewayEui))));
  expect(seededGateways).toHaveLength(DEMO_GATEWAYS.length);
  expect(seededGateways.every((g) => g.latitude! > 53 && g.latitude! < 54 && g.longitude! < -2 && g.longitude! > -3.5 && g.locationSource === "operator")).toBe(true);
  const hosted = seededGateways.find((g) => g.ownerTenantId !== null);
  const [northgate] = await withPlatform(db, (tx) => tx.select().from(tenants).where(eq(tenants.slug, "northgate-parking")));
  expect(hosted?.ownerTenantId).toBe(northgate!.id);

  const rows = await withPlatform(db, (tx) =>
    tx
      .select({ device: devices, tenantSlug: tenants.slug, codec: deviceProfiles.codecSource })
      .from(devices)
      .innerJoin(tenants, eq(tenants.id, devices.tenantId))
      .innerJoin(deviceProfiles, eq(deviceProfiles.id, devices.profileId))
      .where(inArray(devices.devEui, DEMO_DEVICES.map((d) => d.devEui))),
  );
  expect(rows).toHaveLength(DEMO_DEVICES.length);
  const perTenant = (slug: string) => rows.filter((r) => r.tenantSlug === slug).length;
  expect([perTenant("council-waste"), perTenant("northgate-parking"), perTenant("riverside-cafe")]).toEqual([40, 6, 3]);
  for (const { device, codec } of rows) {
    expect(codec).toMatch(/function decodeUplink/);
    expect(device).toMatchObject({ activation: "otaa", joinEui: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(decryptDeviceKey(process.env.DEVICE_KEY_ENCRYPTION_KEY!, device.appKeyEnc!, device.id)).toMatch(/^[0-9a-f]{32}$/);
  }
  const profiles = await withPlatform(db, (tx) => tx.select().from(deviceProfiles).where(inArray(deviceProfiles.name, DEMO_PROFILES.map((p) => p.name))));
  expect(profiles).toHaveLength(DEMO_PROFILES.length);
});

it("the simulator's traffic, sent with the demo secret, is stored under the right tenants and decoded by their codecs", async () => {
  const deps = createIngestion(db, { maxWaitMs: 2 });
  const simulator = new TrafficSimulator({ shares: { status: 0, join: 0, unknown: 0.3 } });
  const post = (type: string, body: unknown) =>
    ingestHttpEvent(
      new Request(`http://localhost/api/ingest/chirpstack?event=${type}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${DEMO_CHIRPSTACK_SECRET}` }, body: JSON.stringify(body) }),
      "chirpstack",
      deps,
    );
  // Fewer than the demo connection's rate limit (50 a second) in one burst.
  const sent = Array.from({ length: 40 }, () => simulator.next());
  const answers = await Promise.all(sent.map(async (e) => (await (await post(e.type, e.body)).json()) as { status: string }));
  const unknown = new Set(DEMO_UNKNOWN_DEVICES.map((d) => d.devEui));
  sent.forEach((event, i) => expect(answers[i]!.status).toBe(unknown.has(event.devEui) ? "unclaimed" : "stored"));

  const stored = await withPlatform(db, (tx) =>
    tx.select({ event: deviceEvents, devEui: devices.devEui, tenantSlug: tenants.slug }).from(deviceEvents)
      .innerJoin(devices, eq(devices.id, deviceEvents.deviceId))
      .innerJoin(tenants, eq(tenants.id, deviceEvents.tenantId)),
  );
  for (const event of sent.filter((e) => e.tenantSlug)) {
    const row = stored.find((r) => r.event.dedupKey === `cs:up:${event.body.deduplicationId}`);
    expect(row).toMatchObject({ devEui: event.devEui, tenantSlug: event.tenantSlug, event: { decoded: event.reading, decodeError: null } });
  }
  // Every demo sensor's codec names its battery, so each one heard shows a level (bins and climate sensors in millivolts).
  const heard = [...new Set(sent.filter((e) => e.tenantSlug).map((e) => e.devEui))];
  const states = await withPlatform(db, (tx) => tx.select({ battery: devices.batteryLevel, source: devices.batterySource }).from(devices).where(inArray(devices.devEui, heard)));
  expect(states.length).toBeGreaterThan(0);
  expect(states.every((d) => d.battery !== null && d.battery >= 0 && d.battery <= 100 && d.source === "payload")).toBe(true);
  const unclaimedKeys = sent.filter((e) => unknown.has(e.devEui)).map((e) => `cs:up:${e.body.deduplicationId}`);
  expect(unclaimedKeys.length).toBeGreaterThan(0);
  const unclaimed = await withPlatform(db, (tx) => tx.select().from(unclaimedEvents).where(inArray(unclaimedEvents.dedupKey, unclaimedKeys)));
  expect(unclaimed).toHaveLength(unclaimedKeys.length);
});

it("puts the demo tenants on the demo plans from the first month of the history, so each of its months is invoiced", async () => {
  const owner = await authenticate(db, DEMO_TENANTS[2]!.owner.email, DEMO_PASSWORD, "seed-test");
  if (!owner.ok) throw new Error("demo tenant owner cannot sign in");
  const overview = await callerFor(db, owner.user.id, DEMO_TENANTS[2]!.slug).billing.overview();
  expect(overview.account).toMatchObject({ planName: "Business", paymentMethod: "invoice", poNumber: "PO-NGP-2231" });
  expect(overview.estimate?.planVersion).toMatchObject({ deviceMonthlyFeePence: 350, allowanceCreditsPerDevice: 2000 });
});

describe("the demo's history", () => {
  const from = new Date(seededAt.getTime() - days * 86_400_000);
  const may = { start: new Date("2025-05-01T00:00:00Z"), end: new Date("2025-06-01T00:00:00Z") };
  const june = { start: new Date("2025-06-01T00:00:00Z"), end: new Date("2025-07-01T00:00:00Z") };
  const demoTenants = async () => new Map((await withPlatform(db, (tx) => tx.select().from(tenants).where(inArray(tenants.slug, DEMO_TENANTS.map((t) => t.slug))))).map((t) => [t.slug, t]));

  it("is the simulator's traffic stored through ingestion, metered into the rollups, once however often the seed runs", async () => {
    expect(first).toMatchObject({ seeded: true, events: demoHistoryEvents(days * 86_400_000) + 60 });
    expect(second).toEqual({ seeded: false });
    const ids = [...(await demoTenants()).values()].map((t) => t.id);
    const inHistory = and(inArray(deviceEvents.tenantId, ids), gte(deviceEvents.occurredAt, from), lt(deviceEvents.occurredAt, seededAt));
    const [events] = await withPlatform(db, (tx) => tx.select({ n: sql<number>`count(*)::int`, uplinks: sql<number>`(count(*) filter (where ${deviceEvents.kind} = 'uplink'))::int`, decoded: sql<number>`(count(*) filter (where ${deviceEvents.decoded} is not null))::int` }).from(deviceEvents).where(inHistory));
    expect(events!.n).toBe((first as { stored: number }).stored);
    // Decoded by the tenants' codecs, as live traffic is.
    expect(events!.decoded).toBe(events!.uplinks);
    // Every uplink is in the hourly rollups (the same statement ingestion uses wrote them), and the gateways' counters.
    const [rolled] = await withPlatform(db, (tx) => tx.select({ uplinks: sql<number>`coalesce(sum(${usageHourly.uplinks}), 0)::int` }).from(usageHourly).where(and(inArray(usageHourly.tenantId, ids), gte(usageHourly.hour, from), lt(usageHourly.hour, seededAt))));
    expect(rolled!.uplinks).toBe(events!.uplinks);
    const [heard] = await withPlatform(db, (tx) => tx.select({ hours: sql<number>`count(distinct ${gatewayHourly.hour})::int` }).from(gatewayHourly).where(and(inArray(gatewayHourly.gatewayEui, DEMO_GATEWAYS.map((g) => g.gatewayEui)), gte(gatewayHourly.hour, from), lt(gatewayHourly.hour, seededAt))));
    expect(heard!.hours).toBeGreaterThan(days * 24 * 0.9);
    const markers = await withPlatform(db, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "demo.history_seeded")));
    expect(markers).toHaveLength(1);
  });

  it("has its finished months invoiced and reconciled, older invoices paid and one tenant past due", async () => {
    const byslug = await demoTenants();
    const mayInvoices = await withPlatform(db, (tx) => tx.select().from(invoices).where(and(inArray(invoices.tenantId, [...byslug.values()].map((t) => t.id)), eq(invoices.periodStart, may.start))));
    const of = (slug: string) => mayInvoices.find((i) => i.tenantId === byslug.get(slug)!.id)!;
    expect(mayInvoices).toHaveLength(3);
    expect(of("riverside-cafe")).toMatchObject({ status: "paid", paidAt: new Date("2025-06-10T06:00:00Z"), internal: false });
    expect(of("council-waste")).toMatchObject({ status: "paid", internal: true, totalPence: 0 });
    expect(of(DEMO_PAST_DUE_TENANT)).toMatchObject({ status: "open", dueAt: new Date("2025-06-15T06:00:00Z") });
    expect(of(DEMO_PAST_DUE_TENANT).totalPence).toBeGreaterThan(0);
    const dunning = await withPlatform(db, (tx) => tx.select({ tenantId: tenantBilling.tenantId, dunning: tenantBilling.dunning }).from(tenantBilling).where(inArray(tenantBilling.tenantId, [...byslug.values()].map((t) => t.id))));
    expect(Object.fromEntries(dunning.map((d) => [[...byslug.values()].find((t) => t.id === d.tenantId)!.slug, d.dunning.status]))).toEqual({ "council-waste": "current", "riverside-cafe": "current", [DEMO_PAST_DUE_TENANT]: "past_due" });
    expect(history.mailer.sent.map((m) => m.subject)).toEqual(["Payment failed · Northgate Parking Ltd"]);

    const billing = await authenticate(db, DEMO_STAFF[1]!.email, DEMO_PASSWORD, "seed-test");
    if (!billing.ok) throw new Error("demo billing staff cannot sign in");
    // May's late backlog is on June's invoices; May reads settled on them, June matches.
    const juneInvoices = await withPlatform(db, (tx) => tx.select().from(invoices).where(and(inArray(invoices.tenantId, [...byslug.values()].map((t) => t.id)), eq(invoices.periodStart, june.start))));
    expect(juneInvoices.flatMap((i) => i.lines.filter((l) => l.code === "late_usage").map((l) => l.usagePeriod))).toContain("2025-05");
    const staff = callerFor(db, billing.user.id);
    const mayReconciled = (await staff.incomeReports.reconcile({ period: "2025-05" })).filter((r) => mayInvoices.some((i) => i.id === r.invoiceId));
    const carriers = new Map(juneInvoices.map((i) => [i.tenantId, i.number]));
    for (const r of mayReconciled) {
      if (r.outcome === "settled") expect(r.lateUsage?.invoiceNumbers).toEqual([carriers.get(r.tenantId)]);
      else expect(r.outcome).toBe("matches"); // a tenant whose devices were not in the backlog
    }
    expect(mayReconciled.filter((r) => r.outcome === "settled").length).toBeGreaterThan(0);
    const juneReconciled = (await staff.incomeReports.reconcile({ period: "2025-06" })).filter((r) => juneInvoices.some((i) => i.id === r.invoiceId));
    expect(juneReconciled.map((r) => r.outcome)).toEqual(["matches", "matches", "matches"]);
  });
});
