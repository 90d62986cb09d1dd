import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, devices } from "@/server/db/schema";

let handle: DatabaseHandle;
let db: Database;
let team: Awaited<ReturnType<typeof createTenantWithTeam>>;
let other: Awaited<ReturnType<typeof createTenantWithTeam>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  team = await createTenantWithTeam(db);
  other = await createTenantWithTeam(db);
});
afterAll(() => handle.close());

const as = (role: "owner" | "admin" | "member" | "viewer", t = team) => callerFor(db, t[role].id, t.tenant.slug);
const otaa = () => ({ name: "Bin 14", devEui: randomEui(), activation: "otaa" as const, joinEui: randomEui(), appKey: randomAesKey(), tags: ["waste"] });
const abp = () => ({ name: "Bay 3", devEui: randomEui(), activation: "abp" as const, devAddr: "26011f01", nwkSKey: randomAesKey(), appSKey: randomAesKey() });
const rawRow = (deviceId: string) => withPlatform(db, async (tx) => (await tx.select().from(devices).where(eq(devices.id, deviceId)))[0]!);
const auditOf = (tenantId: string, action: string) => withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action))));
const countDevices = async (tenantId: string) => (await withPlatform(db, (tx) => tx.select({ id: devices.id }).from(devices).where(eq(devices.tenantId, tenantId)))).length;

describe("registering devices", () => {
  it("registers an OTAA device with its AppKey encrypted at rest and masked on read", async () => {
    const input = { ...otaa(), devEui: randomEui().toUpperCase().match(/../g)!.join("-") };
    const { id } = await as("member").devices.register(input);
    const row = await rawRow(id);
    expect(row).toMatchObject({ tenantId: team.tenant.id, activation: "otaa", joinEui: input.joinEui, devEui: input.devEui.replace(/-/g, "").toLowerCase(), tags: ["waste"] });
    expect(row.appKeyEnc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(input.appKey);

    const device = await as("viewer").devices.get({ deviceId: id });
    expect(device.keys).toEqual({ appKey: `${"•".repeat(28)}${input.appKey.slice(-4)}`, nwkSKey: null, appSKey: null });
    expect(JSON.stringify(device)).not.toContain(input.appKey);
    expect(await auditOf(team.tenant.id, "device.registered")).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: id, actorEmail: team.member.email })]));
  });

  it("registers an ABP device with both session keys encrypted and masked", async () => {
    const input = abp();
    const { id } = await as("member").devices.register(input);
    const row = await rawRow(id);
    expect(row).toMatchObject({ activation: "abp", devAddr: "26011f01", appKeyEnc: null, joinEui: null });
    for (const key of [input.nwkSKey, input.appSKey]) expect(JSON.stringify(row)).not.toContain(key);
    const device = await as("member").devices.get({ deviceId: id });
    expect(device.keys.nwkSKey).toMatch(new RegExp(`^•{28}${input.nwkSKey.slice(-4)}$`));
    expect(device.keys.appSKey).toMatch(new RegExp(`^•{28}${input.appSKey.slice(-4)}$`));
  });

  it("reveals keys to admins only, and records every reveal", async () => {
    const input = otaa();
    const { id } = await as("member").devices.register(input);
    expect(await as("admin").devices.revealKeys({ deviceId: id })).toMatchObject({ activation: "otaa", appKey: input.appKey, joinEui: input.joinEui });
    expect(await trpcErrorOf(as("member").devices.revealKeys({ deviceId: id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcErrorOf(as("viewer").devices.revealKeys({ deviceId: id }))).toMatchObject({ code: "FORBIDDEN" });
    const reveals = (await auditOf(team.tenant.id, "device.keys_revealed")).filter((a) => a.targetId === id);
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ actorEmail: team.admin.email, details: { devEui: input.devEui, keys: ["appKey"] } });
  });

  it("does not let a viewer register a device", async () => {
    expect(await trpcErrorOf(as("viewer").devices.register(otaa()))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a DevEUI registered by another tenant without naming it, and names it within the tenant", async () => {
    const first = otaa();
    await as("member", other).devices.register({ ...first, name: "Their sensor" });
    const error = await trpcErrorOf(as("member").devices.register({ ...otaa(), devEui: first.devEui }));
    expect(error).toEqual({ code: "CONFLICT", message: expect.stringContaining(`DevEUI ${first.devEui} is already registered on the network`) });
    for (const secret of [other.tenant.name, other.tenant.slug, "Their sensor"]) expect(error.message).not.toContain(secret);

    const mine = randomEui();
    await as("member").devices.register({ ...otaa(), devEui: mine, name: "Mine" });
    expect(await trpcErrorOf(as("member").devices.register({ ...otaa(), devEui: mine }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("in this organisation, as 'Mine'") });
  });

  it("refuses bad input with a readable message and writes nothing", async () => {
    const before = await countDevices(team.tenant.id);
    const cases: Array<[unknown, RegExp]> = [
      [{ ...otaa(), devEui: "70b3d57ed00000" }, /devEui: DevEUI must be 16 hexadecimal characters \(8 bytes\), got '70b3d57ed00000'/],
      [{ ...otaa(), appKey: "2b7e151628aed2a6abf7158809cf4f" }, /appKey: AppKey must be 32 hexadecimal characters \(16 bytes\), got 30 characters/],
      [{ name: "x", devEui: randomEui(), activation: "otaa" }, /joinEui: Enter the JoinEUI.; appKey: Enter the AppKey./],
      [{ ...abp(), appSKey: undefined }, /appSKey: Enter the AppSKey./],
      [{ ...otaa(), name: "n".repeat(121) }, /name: Device names are at most 120 characters./],
      [{ ...otaa(), activation: "lora" }, /activation: Choose the activation/],
    ];
    for (const [input, message] of cases) {
      const error = await trpcErrorOf(as("member").devices.register(input as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    }
    const keyError = await trpcErrorOf(as("member").devices.register({ ...otaa(), appKey: "2b7e151628aed2a6abf7158809cf4fzz" }));
    expect(keyError.message).not.toContain("2b7e151628aed2a6");
    expect(await countDevices(team.tenant.id)).toBe(before);
  });
});

describe("managing devices", () => {
  it("lists with search by name, DevEUI or tag, and pages", async () => {
    const t = await createTenantWithTeam(db);
    const member = as("member", t);
    const eui = randomEui();
    await member.devices.register({ ...otaa(), name: "Pump house", devEui: eui, tags: ["water", "north"] });
    await member.devices.register({ ...abp(), name: "Car park 1", tags: ["parking"] });
    await member.devices.register({ ...abp(), name: "Car park 2", tags: ["parking"] });
    const names = async (search?: string) => (await member.devices.list({ search, page: 1, pageSize: 20, sort: "name" })).rows.map((r) => r.name);
    expect(await names()).toEqual(["Car park 1", "Car park 2", "Pump house"]);
    expect(await names("pump")).toEqual(["Pump house"]);
    expect(await names(eui.slice(0, 4).toUpperCase() + "-" + eui.slice(4, 8))).toEqual(["Pump house"]);
    expect(await names("NORTH")).toEqual(["Pump house"]);
    const page2 = await member.devices.list({ page: 2, pageSize: 5, sort: "name" });
    expect(page2).toMatchObject({ total: 3, rows: [] });
    expect(await as("viewer", t).devices.summary()).toEqual({ total: 3, seenLastDay: 0, neverSeen: 3, lowBattery: 0 });
  });

  it("edits name, description, tags and profile with an audit entry; refuses another tenant's profile", async () => {
    const { id } = await as("member").devices.register(otaa());
    const profile = await as("admin").deviceProfiles.create({ name: `Bins ${id.slice(0, 6)}`, region: "EU868", macVersion: "1.0.3", deviceClass: "A" });
    await as("member").devices.update({ deviceId: id, name: "Bin 15", description: "By the library", tags: ["waste", "library"], profileId: profile.id });
    expect(await as("viewer").devices.get({ deviceId: id })).toMatchObject({ name: "Bin 15", description: "By the library", tags: ["waste", "library"], profile: { id: profile.id, hasCodec: false } });
    const [entry] = (await auditOf(team.tenant.id, "device.updated")).filter((a) => a.targetId === id);
    expect(entry!.details).toMatchObject({ changes: { name: { from: "Bin 14", to: "Bin 15" }, profileId: { from: null, to: profile.id } } });

    const theirs = await as("admin", other).deviceProfiles.create({ name: "Theirs", region: "EU868", macVersion: "1.0.3", deviceClass: "A" });
    expect(await trpcErrorOf(as("member").devices.update({ deviceId: id, profileId: theirs.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await trpcErrorOf(as("viewer").devices.update({ deviceId: id, name: "nope" }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("deletes a device with an audit entry; another tenant's device is not found", async () => {
    const { id } = await as("member").devices.register(otaa());
    expect(await trpcErrorOf(as("owner", other).devices.delete({ deviceId: id }))).toMatchObject({ code: "NOT_FOUND" });
    await as("member").devices.delete({ deviceId: id });
    expect(await trpcErrorOf(as("member").devices.get({ deviceId: id }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await auditOf(team.tenant.id, "device.deleted")).map((a) => a.targetId)).toContain(id);
  });
});
