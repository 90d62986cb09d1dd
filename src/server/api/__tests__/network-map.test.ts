import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/database";
import { callerFor, createTenant, createTenantWithTeam, createUser } from "../../../../test/factories";
import { ingest, randomEui, registerDevice, uplink } from "../../../../test/network-traffic";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { withPlatform } from "@/server/db";
import { gateways } from "@/server/db/schema";

const database = useTestDatabase();

describe("the operator's network map", () => {
  it("shows each placed gateway's status, traffic, devices heard and unclaimed DevEUIs around it; a click lists its devices", async () => {
    const db = database.db;
    const operator = callerFor(db, (await createUser(db, { platformRole: "operator" })).id);
    const [busy, quiet, silent, unplaced] = [randomEui("a1"), randomEui("a2"), randomEui("a3"), randomEui("a4")];
    await withPlatform(db, (tx) =>
      tx.insert(gateways).values([
        { gatewayEui: silent, name: "Never heard", latitude: 53.2, longitude: -2.9, locationSource: "operator" },
        { gatewayEui: unplaced, name: "In a drawer" },
      ]),
    );
    const tenant = await createTenant(db);
    const [d1, d2] = [await registerDevice(db, tenant.id), await registerDevice(db, tenant.id)];
    const now = new Date();
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const place = { latitude: 53.19, longitude: -2.89 };
    await ingest(db, "00000000-0000-4000-8000-000000000001", [
      uplink({ devEui: d1.devEui, at: at(30), gateways: [busy, quiet], gatewayLocation: place }),
      uplink({ devEui: d1.devEui, at: at(20), gateways: [busy], gatewayLocation: place }),
      uplink({ devEui: d2.devEui, at: at(10), gateways: [busy], gatewayLocation: place }),
      uplink({ devEui: randomEui("ff"), at: at(5), gateways: [busy], gatewayLocation: place }),
    ]);
    await withPlatform(db, (tx) => tx.update(gateways).set({ lastSeenAt: at(120) }).where(eq(gateways.gatewayEui, quiet)));

    const map = await operator.networkMap.gateways();
    const byEui = Object.fromEntries(map.gateways.map((g) => [g.gatewayEui, g]));
    expect(byEui[busy]).toMatchObject({ status: "online", uplinks24h: 4, devices24h: 2, unclaimed: 1, latitude: 53.19 });
    expect(byEui[quiet]).toMatchObject({ status: "offline", uplinks24h: 1, devices24h: 1, unclaimed: 0 });
    expect(byEui[silent]).toMatchObject({ status: "never_seen", uplinks24h: 0, devices24h: 0 });
    expect(map.unplaced).toContainEqual({ gatewayEui: unplaced, name: "In a drawer", status: "never_seen" });
    expect(byEui[unplaced]).toBeUndefined();

    const heard = await operator.networkMap.gatewayDevices({ gatewayEui: busy.toUpperCase() });
    expect(heard.total).toBe(2);
    expect(heard.devices.map((d) => d.deviceId)).toEqual([d2.id, d1.id]);
    expect(heard.devices[0]).toMatchObject({ tenantName: tenant.name, devEui: d2.devEui });
    expect(await trpcErrorOf(operator.networkMap.gatewayDevices({ gatewayEui: randomEui() }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("stops counting a device once its tenant deletes it", async () => {
    const db = database.db;
    const operator = callerFor(db, (await createUser(db, { platformRole: "operator" })).id);
    const team = await createTenantWithTeam(db);
    const member = callerFor(db, team.member.id, team.tenant.slug);
    const gateway = randomEui("a5");
    const [kept, deleted] = [await registerDevice(db, team.tenant.id), await registerDevice(db, team.tenant.id)];
    const at = new Date(Date.now() - 10 * 60_000);
    await ingest(db, "00000000-0000-4000-8000-000000000001", [kept, deleted].map((d) => uplink({ devEui: d.devEui, at, gateways: [gateway], gatewayLocation: { latitude: 53.2, longitude: -2.9 } })));
    const devicesHeard = async () => (await operator.networkMap.gateways()).gateways.find((g) => g.gatewayEui === gateway)!.devices24h;
    expect(await devicesHeard()).toBe(2);

    await member.devices.delete({ deviceId: deleted.id });
    expect(await devicesHeard()).toBe(1);
    const heard = await operator.networkMap.gatewayDevices({ gatewayEui: gateway });
    expect([heard.total, heard.devices.map((d) => d.deviceId)]).toEqual([1, [kept.id]]);
  });
});
