import { afterAll, beforeAll, expect, it } from "vitest";
import { randomEui } from "../../../../test/device-fixtures";
import { openTestDatabase } from "../../../../test/database";
import { createTenant } from "../../../../test/factories";
import { withPlatform, withTenant, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, usageHourly } from "@/server/db/schema";
import { tenantDailyUsage } from "../tenant-usage";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(() => handle.close());

const at = (iso: string) => new Date(iso);
const usage = { downlinks: 0, joins: 0, payloadBytes: 0, phyBytes: 0, airtimeMs: 0, gatewayReceptions: 0 };

async function sensor(tenantId: string) {
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId, devEui: randomEui(), name: "sensor", activation: "otaa" }).returning());
  return device!;
}

it("sums a tenant's hourly usage per UTC day and counts the devices that sent uplinks that day", async () => {
  const tenant = await createTenant(db);
  const other = await createTenant(db);
  const [a, b, elsewhere] = [await sensor(tenant.id), await sensor(tenant.id), await sensor(other.id)];
  await withPlatform(db, (tx) =>
    tx.insert(usageHourly).values([
      { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-02T08:00:00Z"), uplinks: 2, credits: 2 },
      { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-02T23:00:00Z"), uplinks: 3, credits: 4 },
      // Only a downlink that day: traffic, but not a reporting device.
      { ...usage, tenantId: tenant.id, deviceId: b.id, hour: at("2026-11-02T12:00:00Z"), uplinks: 0, downlinks: 1, credits: 0 },
      { ...usage, tenantId: tenant.id, deviceId: b.id, hour: at("2026-11-03T00:00:00Z"), uplinks: 1, credits: 1 },
      { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-03T05:00:00Z"), uplinks: 1, credits: 1 },
      // Outside the window, and another tenant's traffic.
      { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-04T00:00:00Z"), uplinks: 9, credits: 9 },
      { ...usage, tenantId: other.id, deviceId: elsewhere.id, hour: at("2026-11-02T08:00:00Z"), uplinks: 7, credits: 7 },
    ]),
  );

  const days = await withTenant(db, { tenantId: tenant.id }, (tx) => tenantDailyUsage(tx, tenant.id, at("2026-11-01T00:00:00Z"), at("2026-11-04T00:00:00Z")));

  expect(days).toEqual([
    { day: at("2026-11-02T00:00:00Z"), uplinks: 5, credits: 6, devices: 1 },
    { day: at("2026-11-03T00:00:00Z"), uplinks: 2, credits: 2, devices: 2 },
  ]);
});
