import { TRPCError } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcErrorOf as errorOf } from "../../../../test/trpc-errors";
import { ZodError } from "zod";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createTenant, createUser, unique } from "../../../../test/factories";
import { ingest, minutesBefore, randomEui, randomPrefix, uplink } from "../../../../test/network-traffic";
import { hourStart } from "@/domain/billing/billing-period";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, gatewayHourly, gateways } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { GATEWAY_ONLINE_WITHIN_MS } from "@/server/network/gateways";

let handle: DatabaseHandle;
let db: Database;
let operator: Awaited<ReturnType<typeof createUser>>;
let op: ReturnType<typeof callerFor>;
let connectionId: string;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  operator = await createUser(db, { platformRole: "operator" });
  op = callerFor(db, operator.id);
  connectionId = (await withPlatform(db, (tx) => createConnection(tx, { userId: operator.id, email: operator.email }, { name: "test", kind: "chirpstack" }))).id;
});
afterAll(() => handle.close());


const gatewayRow = (gatewayEui: string) => withPlatform(db, (tx) => tx.select().from(gateways).where(eq(gateways.gatewayEui, gatewayEui)));
const auditFor = (gatewayEui: string) =>
  withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.targetType, "gateway"), eq(auditLog.targetId, gatewayEui))).orderBy(auditLog.at));

describe("registering and editing gateways", () => {
  it("registers a gateway with its EUI normalised, a location and no owner, and audits it", async () => {
    const eui = randomEui();
    const typed = eui.toUpperCase().match(/../g)!.join("-");
    const name = unique("Town hall roof");
    const gateway = await op.gateways.create({ gatewayEui: typed, name, latitude: 51.4816, longitude: -3.1791 });
    expect(gateway).toMatchObject({ gatewayEui: eui, name, latitude: 51.4816, longitude: -3.1791, ownerTenantId: null, lastSeenAt: null });
    const audit = await auditFor(eui);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "gateway.created", tenantId: null, actorEmail: operator.email, details: { name, latitude: 51.4816 } });
  });

  it("records a tenant-hosted gateway in the host tenant's audit trail and shows the host's name", async () => {
    const host = await createTenant(db);
    const eui = randomEui();
    await op.gateways.create({ gatewayEui: eui, name: unique("Café window"), ownerTenantId: host.id });
    expect((await auditFor(eui))[0]).toMatchObject({ action: "gateway.created", tenantId: host.id });
    const list = await op.gateways.list({ search: eui });
    expect(list.rows).toEqual([expect.objectContaining({ gatewayEui: eui, ownerTenantId: host.id, ownerName: host.name, status: "offline" })]);
    expect((await op.gateways.hosts()).map((h) => h.id)).toContain(host.id);
  });

  it.each([
    ["a malformed EUI", { gatewayEui: "B8-27-EB-XX", name: "bad eui" }, /^gatewayEui: Gateway EUI must be 16 hexadecimal characters \(8 bytes\), got 'B8-27-EB-XX'/],
    ["latitude 91", { latitude: 91, longitude: 0 }, /^latitude: Latitude must be between -90 and 90 degrees\.$/],
    ["longitude -181", { latitude: 0, longitude: -181 }, /^longitude: Longitude must be between -180 and 180 degrees\.$/],
    ["a latitude without longitude", { latitude: 52 }, /^longitude: Enter the longitude too/],
    ["an empty name", { name: "   " }, /^name: Enter a name/],
  ])("refuses %s with BAD_REQUEST and a readable message, writing nothing", async (_what, change, message) => {
    const eui = randomEui();
    const name = unique("Refused");
    const error = await errorOf(op.gateways.create({ gatewayEui: eui, name, ...change }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await gatewayRow(eui)).toEqual([]);
    expect(await auditFor(eui)).toEqual([]);
    const byName = await withPlatform(db, (tx) => tx.select().from(gateways).where(eq(gateways.name, name)));
    expect(byName).toEqual([]);
  });

  it("gives field errors the form can show beside each field", async () => {
    const error = await op.gateways.create({ gatewayEui: "nope", name: "x", latitude: 91, longitude: 0 }).catch((e: unknown) => e);
    // The HTTP error formatter turns this cause into data.fieldErrors (see trpc.ts), which fieldErrorsOf reads.
    const cause = (error as TRPCError).cause;
    expect(cause).toBeInstanceOf(ZodError);
    expect((cause as ZodError).flatten().fieldErrors).toMatchObject({ gatewayEui: [expect.stringContaining("16 hexadecimal")], latitude: [expect.stringContaining("-90 and 90")] });
  });

  it("refuses a second gateway with the same EUI, and a closed tenant as host", async () => {
    const eui = randomEui();
    await op.gateways.create({ gatewayEui: eui, name: "first" });
    expect(await errorOf(op.gateways.create({ gatewayEui: eui.toUpperCase(), name: "second" }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining(`EUI ${eui} is already registered`) });
    expect((await gatewayRow(eui))[0]!.name).toBe("first");

    const closed = await createTenant(db, "closed");
    const other = randomEui();
    expect(await errorOf(op.gateways.create({ gatewayEui: other, name: "x", ownerTenantId: closed.id }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("is closed") });
    expect(await errorOf(op.gateways.create({ gatewayEui: other, name: "x", ownerTenantId: crypto.randomUUID() }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await gatewayRow(other)).toEqual([]);
  });

  it("renames, moves and re-homes a gateway, auditing what changed; null clears the location", async () => {
    const host = await createTenant(db);
    const eui = randomEui();
    await op.gateways.create({ gatewayEui: eui, name: "old name", latitude: 1, longitude: 2 });
    const updated = await op.gateways.update({ gatewayEui: eui, name: "new name", latitude: 51.5, longitude: -3.2, ownerTenantId: host.id });
    expect(updated).toMatchObject({ name: "new name", latitude: 51.5, longitude: -3.2, ownerTenantId: host.id });
    await op.gateways.update({ gatewayEui: eui, latitude: null, longitude: null });
    expect((await gatewayRow(eui))[0]).toMatchObject({ name: "new name", latitude: null, longitude: null, ownerTenantId: host.id });
    // Saving without a change records nothing.
    await op.gateways.update({ gatewayEui: eui, name: "new name" });

    const audit = await auditFor(eui);
    expect(audit.map((a) => a.action)).toEqual(["gateway.created", "gateway.updated", "gateway.updated"]);
    expect(audit[1]).toMatchObject({ tenantId: host.id, details: { changes: { name: "new name", ownerTenantId: host.id }, before: { name: "old name", ownerTenantId: null } } });
    expect(audit[2]!.details).toEqual({ changes: { latitude: null, longitude: null }, before: { latitude: 51.5, longitude: -3.2 } });

    expect(await errorOf(op.gateways.update({ gatewayEui: randomEui(), name: "ghost" }))).toMatchObject({ code: "NOT_FOUND", message: "That gateway was not found." });
  });

  it("deletes a gateway with its hourly history and audits it", async () => {
    const host = await createTenant(db);
    const eui = randomEui();
    await op.gateways.create({ gatewayEui: eui, name: "to delete", ownerTenantId: host.id });
    await ingest(db, connectionId, [uplink({ devEui: randomEui(), at: new Date(), gateways: [eui] })]);
    await op.gateways.delete({ gatewayEui: eui });
    expect(await gatewayRow(eui)).toEqual([]);
    expect(await withPlatform(db, (tx) => tx.select().from(gatewayHourly).where(eq(gatewayHourly.gatewayEui, eui)))).toEqual([]);
    expect(await errorOf(op.gateways.get({ gatewayEui: eui }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(op.gateways.delete({ gatewayEui: eui }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await auditFor(eui)).at(-1)).toMatchObject({ action: "gateway.deleted", tenantId: host.id, details: { name: "to delete" } });
  });
});

describe("gateways the network hears", () => {
  it("adds a gateway it hears for the first time, at the location the event reports, which the operator can then rename", async () => {
    const eui = randomEui();
    await ingest(db, connectionId, [uplink({ devEui: randomEui(), at: new Date(), gateways: [eui], gatewayLocation: { latitude: 51.4816, longitude: -3.1791 } })]);
    const [listed] = (await op.gateways.list({ search: eui })).rows;
    expect(listed).toMatchObject({ gatewayEui: eui, name: `Gateway ${eui}`, status: "online", ownerTenantId: null, latitude: 51.4816, longitude: -3.1791, locationSource: "network" });
    await op.gateways.update({ gatewayEui: eui, name: "Library roof" });
    expect((await op.gateways.get({ gatewayEui: eui })).name).toBe("Library roof");
  });

  it("never overwrites a location an operator set; a location the network reported follows what it reports next", async () => {
    const hear = (eui: string, gatewayLocation: { latitude: number; longitude: number } | null) =>
      ingest(db, connectionId, [uplink({ devEui: randomEui(), at: new Date(), gateways: [eui], gatewayLocation })]);
    const located = async (eui: string) => {
      const g = await op.gateways.get({ gatewayEui: eui });
      return [g.latitude, g.longitude, g.locationSource];
    };
    const placed = randomEui();
    await op.gateways.create({ gatewayEui: placed, name: unique("Placed"), latitude: 51.5, longitude: -0.12 });
    await hear(placed, { latitude: 52.2, longitude: 0.11 });
    expect(await located(placed)).toEqual([51.5, -0.12, "operator"]);

    const roaming = randomEui();
    await hear(roaming, null);
    expect(await located(roaming)).toEqual([null, null, null]);
    await hear(roaming, { latitude: 0, longitude: 0 }); // a gateway without a GPS fix
    expect(await located(roaming)).toEqual([null, null, null]);
    await hear(roaming, { latitude: 52.2, longitude: 0.11 });
    await hear(roaming, { latitude: 52.21, longitude: 0.12 });
    expect(await located(roaming)).toEqual([52.21, 0.12, "network"]);
    // The edit form sends the location back unchanged with a new name: still the network's.
    await op.gateways.update({ gatewayEui: roaming, name: "Roaming", latitude: 52.21, longitude: 0.12 });
    expect(await located(roaming)).toEqual([52.21, 0.12, "network"]);
    await op.gateways.update({ gatewayEui: roaming, latitude: 52.3, longitude: 0.2 });
    await hear(roaming, { latitude: 53, longitude: 1 });
    expect(await located(roaming)).toEqual([52.3, 0.2, "operator"]);
    // Cleared by the operator: the network may report it again.
    await op.gateways.update({ gatewayEui: roaming, latitude: null, longitude: null });
    expect(await located(roaming)).toEqual([null, null, null]);
    await hear(roaming, { latitude: 53, longitude: 1 });
    expect(await located(roaming)).toEqual([53, 1, "network"]);
  });

  it("manages a gateway The Things Stack reported without an EUI, under the id ingestion stored", async () => {
    const gatewayId = `tts-${randomPrefix()}`;
    await withPlatform(db, (tx) => tx.insert(gateways).values({ gatewayEui: gatewayId, name: `Gateway ${gatewayId}`, lastSeenAt: new Date() }));
    expect((await op.gateways.get({ gatewayEui: gatewayId })).status).toBe("online");
    await op.gateways.update({ gatewayEui: gatewayId, name: "Packet Broker gateway" });
    await op.gateways.delete({ gatewayEui: gatewayId });
    expect(await gatewayRow(gatewayId)).toEqual([]);
  });

  it(`is online when heard within ${GATEWAY_ONLINE_WITHIN_MS / 60_000} minutes, offline otherwise, and filters by it`, async () => {
    const prefix = randomPrefix();
    const [recent, stale, never] = [randomEui(prefix), randomEui(prefix), randomEui(prefix)];
    const now = new Date();
    await ingest(db, connectionId, [
      uplink({ devEui: randomEui(), at: minutesBefore(now, 9), gateways: [recent] }),
      uplink({ devEui: randomEui(), at: minutesBefore(now, 11), gateways: [stale] }),
    ]);
    await op.gateways.create({ gatewayEui: never, name: "never heard" });

    const all = await op.gateways.list({ search: prefix });
    expect(Object.fromEntries(all.rows.map((r) => [r.gatewayEui, r.status]))).toEqual({ [recent]: "online", [stale]: "offline", [never]: "offline" });
    expect(all.total).toBe(3);
    expect((await op.gateways.list({ search: prefix, status: "online" })).rows.map((r) => r.gatewayEui)).toEqual([recent]);
    expect((await op.gateways.list({ search: prefix, status: "offline" })).rows.map((r) => r.gatewayEui).sort()).toEqual([stale, never].sort());
  });

  it("searches by name and by EUI typed with separators, and paginates", async () => {
    const prefix = randomPrefix();
    const euis = Array.from({ length: 7 }, () => randomEui(prefix)).sort();
    const tag = unique("Quay");
    for (const [i, eui] of euis.entries()) await op.gateways.create({ gatewayEui: eui, name: `${tag} ${i}` });
    const typed = euis[3]!.toUpperCase().match(/../g)!.join(":");
    expect((await op.gateways.list({ search: typed })).rows.map((r) => r.gatewayEui)).toEqual([euis[3]]);
    const first = await op.gateways.list({ search: tag, page: 1, pageSize: 5 });
    const second = await op.gateways.list({ search: tag, page: 2, pageSize: 5 });
    expect(first.total).toBe(7);
    expect(first.rows.map((r) => r.name)).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
    expect(second.rows.map((r) => r.name)).toEqual([`${tag} 5`, `${tag} 6`]);
  });

  it("counts unique uplinks heard in the last hour and 24 h, and charts them per hour for 48 h", async () => {
    const eui = randomEui();
    const other = randomEui();
    const now = new Date();
    const device = randomEui();
    const recent = Array.from({ length: 3 }, () => uplink({ devEui: device, at: minutesBefore(now, 5), gateways: [eui, other] }));
    const earlier = Array.from({ length: 2 }, () => uplink({ devEui: device, at: minutesBefore(now, 5 * 60), gateways: [eui] }));
    const old = uplink({ devEui: device, at: minutesBefore(now, 30 * 60), gateways: [eui] });
    const tooOld = uplink({ devEui: device, at: minutesBefore(now, 60 * 60), gateways: [eui] });
    await ingest(db, connectionId, [...recent, ...earlier, old, tooOld]);
    // A retried delivery of an uplink is not heard twice.
    await ingest(db, connectionId, [recent[0]!]);

    const [row] = (await op.gateways.list({ search: eui })).rows;
    expect(row).toMatchObject({ uplinksLastHour: 3, uplinksLast24h: 5 });
    const detail = await op.gateways.get({ gatewayEui: eui });
    expect(detail.uplinksPerHour).toHaveLength(48);
    expect(detail.uplinksPerHour.at(-1)!.hour).toEqual(hourStart(now));
    const at = (date: Date) => detail.uplinksPerHour.find((p) => p.hour.getTime() === hourStart(date).getTime())?.uplinks;
    expect(at(minutesBefore(now, 5))).toBe(3);
    expect(at(minutesBefore(now, 5 * 60))).toBe(2);
    expect(at(minutesBefore(now, 30 * 60))).toBe(1);
    expect(detail.uplinksPerHour.reduce((sum, p) => sum + p.uplinks, 0)).toBe(6);
    expect(await withPlatform(db, (tx) => tx.select().from(gatewayHourly).where(inArray(gatewayHourly.gatewayEui, [other])))).toEqual([
      expect.objectContaining({ uplinks: 3 }),
    ]);
  });
});
