import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomEui } from "../../../../test/device-fixtures";
import { openTestDatabase } from "../../../../test/database";
import { createTenant } from "../../../../test/factories";
import { withPlatform, withTenant, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, usageHourly } from "@/server/db/schema";
import { parsePeriodKey } from "@/domain/billing";
import { DELETED_DEVICE, deviceUsageOfTenants, tenantDailyUsage, tenantDeviceUsage } from "../tenant-usage";

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

describe("per-device usage of a period (the rating engine's input)", () => {
  const november = parsePeriodKey("2026-11");

  it("sums each device's rollups in the period, counts its hours with uplinks, names deleted devices, and sorts by DevEUI", async () => {
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    const [a, b, gone, elsewhere] = [await sensor(tenant.id), await sensor(tenant.id), await sensor(tenant.id), await sensor(other.id)];
    await withPlatform(db, (tx) =>
      tx.insert(usageHourly).values([
        { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-10-31T23:00:00Z"), uplinks: 9, credits: 9 }, // October: left out
        { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-01T00:00:00Z"), uplinks: 4, credits: 5, payloadBytes: 90 }, // first hour
        { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-15T10:00:00Z"), uplinks: 2, credits: 2, payloadBytes: 40 },
        { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-11-30T23:00:00Z"), uplinks: 3, credits: 3, payloadBytes: 60 }, // last hour
        { ...usage, tenantId: tenant.id, deviceId: a.id, hour: at("2026-12-01T00:00:00Z"), uplinks: 7, credits: 7 }, // December: left out
        // A join only: a credit, but no uplink, so not an active hour.
        { ...usage, tenantId: tenant.id, deviceId: b.id, hour: at("2026-11-10T08:00:00Z"), uplinks: 0, joins: 1, credits: 1 },
        { ...usage, tenantId: tenant.id, deviceId: gone.id, hour: at("2026-11-12T08:00:00Z"), uplinks: 1, credits: 1, payloadBytes: 12 },
        { ...usage, tenantId: other.id, deviceId: elsewhere.id, hour: at("2026-11-02T08:00:00Z"), uplinks: 5, credits: 5 },
      ]),
    );
    await withPlatform(db, (tx) => tx.delete(devices).where(eq(devices.id, gone.id)));

    const expected = [
      { deviceId: a.id, devEui: a.devEui, name: "sensor", uplinks: 9, credits: 10, payloadBytes: 190, activeHours: 3 },
      { deviceId: b.id, devEui: b.devEui, name: "sensor", uplinks: 0, credits: 1, payloadBytes: 0, activeHours: 0 },
    ].sort((x, y) => x.devEui.localeCompare(y.devEui));
    const whole = await withTenant(db, { tenantId: tenant.id }, (tx) => tenantDeviceUsage(tx, tenant.id, november));
    expect(whole).toEqual([{ deviceId: gone.id, devEui: "", name: DELETED_DEVICE, uplinks: 1, credits: 1, payloadBytes: 12, activeHours: 1 }, ...expected]);

    // Until 15 November 10:30, the 10:00 hour has started and counts; until 10:00 exactly, it has not.
    const part = async (until: string) => (await withTenant(db, { tenantId: tenant.id }, (tx) => tenantDeviceUsage(tx, tenant.id, november, at(until)))).find((d) => d.deviceId === a.id);
    expect(await part("2026-11-15T10:30:00Z")).toMatchObject({ uplinks: 6, credits: 7, payloadBytes: 130, activeHours: 2 });
    expect(await part("2026-11-15T10:00:00Z")).toMatchObject({ uplinks: 4, credits: 5, payloadBytes: 90, activeHours: 1 });

    // Many tenants in one statement give each the same as on its own, and a tenant without usage an empty list.
    const silent = await createTenant(db);
    const together = await withPlatform(db, (tx) => deviceUsageOfTenants(tx, [tenant.id, other.id, silent.id], november));
    expect(together.get(tenant.id)).toEqual(whole);
    expect(together.get(other.id)).toEqual([{ deviceId: elsewhere.id, devEui: elsewhere.devEui, name: "sensor", uplinks: 5, credits: 5, payloadBytes: 0, activeHours: 1 }]);
    expect(together.get(silent.id)).toEqual([]);
  });
});
