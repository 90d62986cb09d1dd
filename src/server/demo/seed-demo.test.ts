import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { sharedCodecRunner } from "@/domain/codecs";
import { decryptDeviceKey } from "@/domain/crypto/device-keys";
import { authenticate } from "@/server/auth/authenticate";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, deviceProfiles, devices, gateways, memberships, networkConnections, tenants, unclaimedEvents } from "@/server/db/schema";
import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { createIngestion } from "@/server/ingestion/ingestion-service";
import { findConnectionBySecret } from "@/server/network/connections";
import { listMyTenants } from "@/server/tenancy/my-tenants";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";
import { DEMO_CHIRPSTACK_SECRET, DEMO_CONNECTION, DEMO_DEVICES, DEMO_GATEWAYS, DEMO_PROFILES, DEMO_UNKNOWN_DEVICES } from "./demo-network";
import { seedDemo } from "./seed-demo";
import { TrafficSimulator } from "./traffic-simulator";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  // Network-server management is tested where it cannot meet other files (provisioning/__tests__/demo-provisioning.test.ts).
  await seedDemo(db, { manageNetwork: false });
  await seedDemo(db, { manageNetwork: false });
});
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
  expect(seededGateways.every((g) => g.latitude! > 53 && g.latitude! < 54 && g.longitude! < -2 && g.longitude! > -3.5)).toBe(true);
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
  expect([perTenant("council-waste"), perTenant("northgate-parking"), perTenant("riverside-cafe")]).toEqual([8, 6, 3]);
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
  const unclaimedKeys = sent.filter((e) => unknown.has(e.devEui)).map((e) => `cs:up:${e.body.deduplicationId}`);
  expect(unclaimedKeys.length).toBeGreaterThan(0);
  const unclaimed = await withPlatform(db, (tx) => tx.select().from(unclaimedEvents).where(inArray(unclaimedEvents.dedupKey, unclaimedKeys)));
  expect(unclaimed).toHaveLength(unclaimedKeys.length);
});

it("puts the demo tenants on the demo plans from last month, so a demo can invoice last month", async () => {
  await seedDemo(db, { manageNetwork: false });
  const { callerFor } = await import("../../../test/factories");
  const owner = await authenticate(db, DEMO_TENANTS[2]!.owner.email, DEMO_PASSWORD, "seed-test");
  if (!owner.ok) throw new Error("demo tenant owner cannot sign in");
  const overview = await callerFor(db, owner.user.id, DEMO_TENANTS[2]!.slug).billing.overview();
  expect(overview.account).toMatchObject({ planName: "Business", paymentMethod: "invoice", poNumber: "PO-NGP-2231" });
  expect(overview.estimate?.planVersion).toMatchObject({ deviceMonthlyFeePence: 350, allowanceCreditsPerDevice: 2000 });
});
