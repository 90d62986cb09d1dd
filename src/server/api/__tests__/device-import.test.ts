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

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(() => handle.close());

const HEADER = "name,dev_eui,activation,join_eui,app_key,dev_addr,nwk_s_key,app_s_key,profile,tags,description";
const otaaLine = (name: string, eui = randomEui(), profile = "") => `${name},${eui},otaa,${randomEui()},${randomAesKey()},,,,${profile},a;b,"Imported, with a comma"`;
const abpLine = (name: string, eui = randomEui()) => `${name},${eui},abp,,,26011f01,${randomAesKey()},${randomAesKey()},,,`;
const csvOf = (...lines: string[]) => [HEADER, ...lines].join("\r\n");

async function newTeam() {
  const team = await createTenantWithTeam(db);
  const names = async () => (await withPlatform(db, (tx) => tx.select({ name: devices.name }).from(devices).where(eq(devices.tenantId, team.tenant.id)))).map((d) => d.name).sort();
  return { team, member: callerFor(db, team.member.id, team.tenant.slug), names };
}

describe("CSV import", () => {
  it("previews every row's problems, including DevEUIs on the network, duplicates in the file and unknown profiles", async () => {
    const { member, team } = await newTeam();
    const elsewhere = await createTenantWithTeam(db);
    const taken = randomEui();
    await callerFor(db, elsewhere.member.id, elsewhere.tenant.slug).devices.register({ name: "Theirs", devEui: taken, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey() });
    const twice = randomEui();
    const preview = await member.devices.previewImport({ csv: csvOf(otaaLine("Good"), otaaLine("Taken", taken), otaaLine("Twice A", twice), abpLine("Twice B", twice), otaaLine("No profile", undefined, "Ghost"), "Bad,nope,otaa,,,,,,,,") });
    expect(preview).toMatchObject({ total: 6, valid: 1, invalid: 5 });
    expect(preview.rows.map((r) => [r.row, r.ok])).toEqual([[2, true], [3, false], [4, false], [5, false], [6, false], [7, false]]);
    expect(preview.rows[1]!.errors).toEqual([`dev_eui: DevEUI ${taken} is already registered on the network.`]);
    expect(preview.rows[2]!.errors).toEqual([`dev_eui: ${twice} also appears on row 5; list each device once.`]);
    expect(preview.rows[4]!.errors).toEqual([expect.stringContaining("no device profile called 'Ghost'")]);
    expect(preview.rows[5]!.errors).toEqual([expect.stringContaining("DevEUI must be 16 hexadecimal"), "join_eui: Enter the JoinEUI.", "app_key: Enter the AppKey."]);
    expect(JSON.stringify(preview)).not.toContain(elsewhere.tenant.slug);
    expect(await withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.tenantId, team.tenant.id)))).toEqual([]);
  });

  it("all_or_nothing imports nothing when one row is bad", async () => {
    const { member, names } = await newTeam();
    const result = await member.devices.importDevices({ csv: csvOf(otaaLine("One"), abpLine("Two"), "Three,70b3d57ed0000003,otaa,,,,,,,,"), mode: "all_or_nothing" });
    expect(result).toMatchObject({ imported: 0, valid: 2, invalid: 1 });
    expect(result.rows[2]!.errors).toEqual(["join_eui: Enter the JoinEUI.", "app_key: Enter the AppKey."]);
    expect(await names()).toEqual([]);
  });

  it("valid_rows imports the valid rows in one go, keys encrypted, profile resolved by name, with one audit entry", async () => {
    const { team, member, names } = await newTeam();
    const admin = callerFor(db, team.admin.id, team.tenant.slug);
    const profile = await admin.deviceProfiles.create({ name: "Bins", region: "EU868", macVersion: "1.0.3", deviceClass: "A" });
    const dup = randomEui();
    const result = await member.devices.importDevices({ csv: csvOf(otaaLine("One", undefined, "bins"), abpLine("Two"), otaaLine("Dup A", dup), otaaLine("Dup B", dup), "Bad,x,otaa,,,,,,,,"), mode: "valid_rows" });
    expect(result).toMatchObject({ imported: 2, valid: 2, invalid: 3 });
    expect(await names()).toEqual(["One", "Two"]);
    const [one] = await withPlatform(db, (tx) => tx.select().from(devices).where(and(eq(devices.tenantId, team.tenant.id), eq(devices.name, "One"))));
    expect(one).toMatchObject({ profileId: profile.id, tags: ["a", "b"], description: "Imported, with a comma", appKeyEnc: expect.stringMatching(/^v1:/) });
    expect((await admin.devices.revealKeys({ deviceId: one!.id })).appKey).toMatch(/^[0-9a-f]{32}$/);
    const audit = await withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, team.tenant.id), eq(auditLog.action, "device.imported"))));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ mode: "valid_rows", count: 2 });

    // Importing the same file again: those DevEUIs are now this tenant's, and the report says so by name.
    const again = await member.devices.previewImport({ csv: csvOf(`One,${one!.devEui},otaa,${randomEui()},${randomAesKey()},,,,,,`) });
    expect(again.rows[0]!.errors).toEqual([`dev_eui: DevEUI ${one!.devEui} is already registered in this organisation, as 'One'.`]);
  });

  it("gives every device of a file without a profile column the tenant's most used profile; an empty profile cell means none", async () => {
    const { team, member } = await newTeam();
    const admin = callerFor(db, team.admin.id, team.tenant.slug);
    const bins = await admin.deviceProfiles.create({ name: "Bins", region: "EU868", macVersion: "1.0.3", deviceClass: "A" });
    await admin.deviceProfiles.create({ name: "Parking", region: "EU868", macVersion: "1.0.3", deviceClass: "A" });
    await member.devices.register({ name: "Existing bin", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId: bins.id });
    const profileOf = async (name: string) =>
      (await withPlatform(db, (tx) => tx.select({ profileId: devices.profileId }).from(devices).where(and(eq(devices.tenantId, team.tenant.id), eq(devices.name, name)))))[0]?.profileId;

    const withoutColumn = ["name,dev_eui,activation,join_eui,app_key", `Bin 2,${randomEui()},otaa,${randomEui()},${randomAesKey()}`].join("\n");
    const preview = await member.devices.previewImport({ csv: withoutColumn });
    expect(preview).toMatchObject({ profileColumn: false, defaultProfile: "Bins" });
    expect(preview.rows[0]!.profile).toBe("Bins");
    await member.devices.importDevices({ csv: withoutColumn, mode: "valid_rows" });
    expect(await profileOf("Bin 2")).toBe(bins.id);

    const withEmptyCell = csvOf(otaaLine("Unprofiled"));
    expect(await member.devices.previewImport({ csv: withEmptyCell })).toMatchObject({ profileColumn: true, defaultProfile: null });
    await member.devices.importDevices({ csv: withEmptyCell, mode: "valid_rows" });
    expect(await profileOf("Unprofiled")).toBeNull();
  });

  it("refuses files that are too large or unreadable with a clear message, and viewers altogether", async () => {
    const { team, member } = await newTeam();
    expect(await trpcErrorOf(member.devices.importDevices({ csv: "x".repeat(1024 * 1024 + 1), mode: "valid_rows" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("larger than 1 MiB") });
    const tooMany = csvOf(...Array.from({ length: 5_001 }, (_, i) => `d${i},${randomEui()},otaa,,,,,,,,`));
    expect(await trpcErrorOf(member.devices.previewImport({ csv: tooMany }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 5,000") });
    expect(await trpcErrorOf(member.devices.previewImport({ csv: "name,deveui\n" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown column 'deveui'") });
    const viewer = callerFor(db, team.viewer.id, team.tenant.slug);
    expect(await trpcErrorOf(viewer.devices.importDevices({ csv: csvOf(otaaLine("One")), mode: "valid_rows" }))).toMatchObject({ code: "FORBIDDEN" });
  });
});
