import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { EXAMPLE_CODECS, sharedCodecRunner } from "@/domain/codecs";
import type { Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";

let handle: DatabaseHandle;
let db: Database;
let team: Awaited<ReturnType<typeof createTenantWithTeam>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  team = await createTenantWithTeam(db);
});
afterAll(async () => {
  await sharedCodecRunner().close();
  await handle.close();
});

const as = (role: "owner" | "admin" | "member" | "viewer") => callerFor(db, team[role].id, team.tenant.slug);
const profile = (name: string, codecSource: string | null = null) => ({ name, region: "EU868" as const, macVersion: "1.0.3" as const, deviceClass: "A" as const, codecSource });

describe("device profiles", () => {
  it("admins create, rename and list profiles; viewers and members only read", async () => {
    const created = await as("admin").deviceProfiles.create(profile("Bins", EXAMPLE_CODECS.binFillLevel.source));
    await as("admin").deviceProfiles.update({ ...profile("Waste bins", EXAMPLE_CODECS.binFillLevel.source), profileId: created.id, deviceClass: "C" });
    expect(await as("viewer").deviceProfiles.list()).toEqual([expect.objectContaining({ id: created.id, name: "Waste bins", deviceClass: "C", devices: 0, codecSource: EXAMPLE_CODECS.binFillLevel.source })]);
    expect(await trpcErrorOf(as("member").deviceProfiles.create(profile("Mine")))).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcErrorOf(as("admin").deviceProfiles.create(profile("waste BINS")))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already a profile called") });
    expect(await trpcErrorOf(as("admin").deviceProfiles.create({ ...profile("Moon"), region: "MOON433" as never }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Region must be one of EU868") });
  });

  it("refuses to save a codec that does not load or defines no decodeUplink, beside the codec field", async () => {
    for (const source of ["function decodeUplink(input) {", "function somethingElse() {}"]) {
      const error = await trpcErrorOf(as("admin").deviceProfiles.create(profile(`Broken ${source.length}`, source)));
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^codecSource: This codec can't be used: /) });
    }
    expect((await as("viewer").deviceProfiles.list()).map((p) => p.name)).not.toContain("Broken 30");
  });

  it("test-decodes a payload in the sandbox, returning data or the codec's own error", async () => {
    const admin = as("admin");
    const source = EXAMPLE_CODECS.temperatureHumidity.source;
    expect(await admin.deviceProfiles.testDecode({ codecSource: source, payloadHex: "08 98 37 0e 10", fPort: 2 })).toEqual({
      ok: true, data: { temperatureC: 22, humidityPercent: 55, batteryMillivolts: 3600 }, warnings: [],
    });
    expect(await admin.deviceProfiles.testDecode({ codecSource: source, payloadHex: "01", fPort: 2 })).toEqual({ ok: false, error: expect.stringContaining("expected 5 bytes") });
    expect(await admin.deviceProfiles.testDecode({ codecSource: "function decodeUplink() { throw new Error('boom'); }", payloadHex: "", fPort: 1 })).toEqual({ ok: false, error: expect.stringContaining("boom") });
    expect(await trpcErrorOf(admin.deviceProfiles.testDecode({ codecSource: source, payloadHex: "xyz", fPort: 2 }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("hexadecimal bytes") });
    expect(await trpcErrorOf(as("viewer").deviceProfiles.testDecode({ codecSource: source, payloadHex: "01", fPort: 2 }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses to delete a profile devices use, then deletes it once they have moved", async () => {
    const { id: profileId } = await as("admin").deviceProfiles.create(profile("In use"));
    const { id: deviceId } = await as("member").devices.register({ name: "S", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId });
    expect((await as("viewer").deviceProfiles.list()).find((p) => p.id === profileId)).toMatchObject({ devices: 1 });
    expect(await trpcErrorOf(as("admin").deviceProfiles.delete({ profileId }))).toEqual({ code: "CONFLICT", message: "'In use' is used by 1 device; move it to another profile (or to none) before deleting it." });
    await as("member").devices.update({ deviceId, profileId: null });
    await as("admin").deviceProfiles.delete({ profileId });
    expect((await as("viewer").deviceProfiles.list()).map((p) => p.id)).not.toContain(profileId);
  });
});
