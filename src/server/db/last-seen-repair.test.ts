import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { useTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import { randomEui, registerDevice } from "../../../test/network-traffic";
import { withPlatform } from "@/server/db";
import { deviceEvents, devices, gatewayHourly, gateways } from "@/server/db/schema";

const database = useTestDatabase();

const repair = readFileSync(new URL("../../../drizzle/0023_last_seen_future_repair.sql", import.meta.url), "utf8").split("--> statement-breakpoint");

it("migration 0021 moves last-seen times that untrusted clocks pushed into the future back to the newest evidence before now", async () => {
  const device = await registerDevice(database.db, (await createTenant(database.db)).id);
  const gatewayEui = randomEui();
  const lastHonest = new Date(Date.now() - 3_600_000);
  const future = new Date(Date.now() + 5 * 365 * 24 * 3_600_000);
  await withPlatform(database.db, async (tx) => {
    const event = { tenantId: device.tenantId, deviceId: device.id, kind: "uplink" as const };
    await tx.insert(deviceEvents).values([{ ...event, dedupKey: randomEui(), occurredAt: lastHonest, reportedAt: lastHonest }, { ...event, dedupKey: randomEui(), occurredAt: future, reportedAt: future }]);
    await tx.update(devices).set({ lastSeenAt: future }).where(eq(devices.id, device.id));
    await tx.insert(gateways).values({ gatewayEui, name: "g", lastSeenAt: future });
    await tx.insert(gatewayHourly).values({ gatewayEui, hour: new Date(Math.floor(lastHonest.getTime() / 3_600_000) * 3_600_000), uplinks: 1 });
  });

  await withPlatform(database.db, async (tx) => {
    for (const statement of repair) await tx.execute(sql.raw(statement));
  });

  const [repaired] = await withPlatform(database.db, (tx) => tx.select({ lastSeenAt: devices.lastSeenAt }).from(devices).where(eq(devices.id, device.id)));
  expect(repaired!.lastSeenAt).toEqual(lastHonest);
  const [gateway] = await withPlatform(database.db, (tx) => tx.select({ lastSeenAt: gateways.lastSeenAt }).from(gateways).where(eq(gateways.gatewayEui, gatewayEui)));
  expect(gateway!.lastSeenAt!.getTime()).toBeLessThanOrEqual(lastHonest.getTime());
});
