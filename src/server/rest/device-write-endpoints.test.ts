import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../../test/api-calls";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { useTestDatabase } from "../../../test/database";
import { createNetworkFixtures, randomAesKey, randomEui } from "../../../test/device-fixtures";
import { callerFor, createTenant, createTenantWithTeam } from "../../../test/factories";
import { trpcErrorOf } from "../../../test/trpc-errors";
import { decryptDeviceKey } from "@/domain/crypto/device-keys";
import { withPlatform, type Database } from "@/server/db";
import { apiIdempotencyKeys, auditLog, deviceProfiles, devices } from "@/server/db/schema";
import { createDeviceOperation, deleteDeviceOperation, getDeviceOperation, updateDeviceOperation } from "./device-endpoints";

const database = useTestDatabase();
let db: Database;
beforeAll(() => {
  db = database.db;
});

const ENCRYPTION_KEY = process.env.DEVICE_KEY_ENCRYPTION_KEY!;

async function tenantWithWriter() {
  const tenant = await createTenant(db);
  const writer = await createApiKeyRow(db, tenant.id, { scope: "read-write", name: "Asset system" });
  return { tenant, writer };
}

const otaa = (overrides: Record<string, unknown> = {}) => ({ name: "Cellar sensor", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), ...overrides });
const storedDevices = (tenantId: string) => withPlatform(db, (tx) => tx.select().from(devices).where(eq(devices.tenantId, tenantId)));
const addProfile = async (tenantId: string, name: string) =>
  (await withPlatform(db, (tx) => tx.insert(deviceProfiles).values({ tenantId, name, region: "EU868", macVersion: "1.0.3" }).returning()))[0]!.id;
const auditOf = (tenantId: string) => withPlatform(db, (tx) => tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(auditLog.at));

describe("POST /api/v1/devices", () => {
  it("registers a device as the portal does: normalised, keys encrypted, audited under the key's name", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const { profileId } = await createNetworkFixtures(db, tenant.id);
    const devEui = randomEui();
    const appKey = randomAesKey();
    const label = devEui.toUpperCase().match(/../g)!.join("-");

    const reply = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ name: "  Cellar sensor ", devEui: label, appKey: appKey.toUpperCase(), tags: ["cellar", "cellar"], profileId }) });
    expect(reply).toMatchObject({
      status: 201,
      headers: { Location: `/api/v1/devices/${devEui}` },
      body: { device: { devEui, name: "Cellar sensor", activation: "otaa", tags: ["cellar"], profile: { id: profileId }, lastSeenAt: null } },
    });
    expect(JSON.stringify(reply.body)).not.toContain(appKey);

    const [stored] = (await storedDevices(tenant.id)).filter((d) => d.devEui === devEui);
    expect(stored!.appKeyEnc).not.toContain(appKey);
    expect(decryptDeviceKey(ENCRYPTION_KEY, stored!.appKeyEnc!, stored!.id)).toBe(appKey);

    const [entry] = (await auditOf(tenant.id)).filter((a) => a.action === "device.registered");
    expect(entry).toMatchObject({ actorId: null, actorEmail: null, actorApiKeyId: writer.id, actorApiKeyName: "Asset system", targetId: stored!.id, details: { devEui, name: "Cellar sensor" } });
  });

  it("registers ABP devices too", async () => {
    const { writer } = await tenantWithWriter();
    const reply = await callApi(db, createDeviceOperation, { ...writer, body: { name: "Meter", devEui: randomEui(), activation: "abp", devAddr: "260B1A2F", nwkSKey: randomAesKey(), appSKey: randomAesKey() } });
    expect(reply).toMatchObject({ status: 201, body: { device: { activation: "abp", devAddr: "260b1a2f", joinEui: null } } });
  });

  it.each([
    ["a bad DevEUI", otaa({ devEui: "sensor-1" }), "Field 'devEui': DevEUI must be 16 hexadecimal characters (8 bytes), got 'sensor-1'."],
    ["a missing key", otaa({ appKey: undefined }), "Field 'appKey': Enter the AppKey."],
    ["no activation", { name: "x", devEui: randomEui() }, "Field 'activation': Choose the activation: otaa (over the air) or abp (by personalisation)."],
    ["an unknown field", otaa({ profileID: "x" }), "Field 'profileID': this request has no such field; check its spelling against the API documentation."],
    ["a tag with a comma", otaa({ tags: ["ok", "a,b"] }), "Field 'tags.1': Tags cannot contain ';' or ','."],
    ["not an object", [1, 2], "The body: it must be a JSON object with the fields the API documentation lists."],
  ])("refuses %s with 400 naming the field, and registers nothing", async (_, body, error) => {
    const { tenant, writer } = await tenantWithWriter();
    const reply = await callApi(db, createDeviceOperation, { ...writer, body });
    expect(reply).toMatchObject({ status: 400, body: { error } });
    expect(await storedDevices(tenant.id)).toEqual([]);
  });

  it("lists every field's problem in issues", async () => {
    const { writer } = await tenantWithWriter();
    const reply = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ name: "", joinEui: "zz" }) });
    expect(reply.body!.issues).toEqual([
      { field: "name", message: "Enter a name for the device." },
      { field: "joinEui", message: expect.stringContaining("JoinEUI must be 16 hexadecimal characters") },
    ]);
  });

  it("refuses a body that is not JSON (400) or not sent as JSON (415)", async () => {
    const { writer } = await tenantWithWriter();
    expect(await callApi(db, createDeviceOperation, { ...writer, rawBody: "{name: 1" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^The body is not valid JSON: /) } });
    expect(await callApi(db, createDeviceOperation, { ...writer, rawBody: "" })).toMatchObject({ status: 400, body: { error: expect.stringContaining("needs a JSON body") } });
    expect(await callApi(db, createDeviceOperation, { ...writer, body: otaa(), contentType: "text/plain" })).toMatchObject({ status: 415, body: { error: expect.stringContaining("Content-Type: application/json") } });
  });

  it("keeps DevEUIs unique on the network: 409 naming this tenant's device, and saying only 'taken' for another tenant's", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const other = await createTenant(db);
    const theirs = await createNetworkFixtures(db, other.id);
    const mine = otaa();
    expect((await callApi(db, createDeviceOperation, { ...writer, body: mine })).status).toBe(201);

    expect(await callApi(db, createDeviceOperation, { ...writer, body: otaa({ devEui: mine.devEui }) })).toMatchObject({
      status: 409, body: { error: `DevEUI ${mine.devEui} is already registered in this organisation, as 'Cellar sensor'.` },
    });
    const taken = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ devEui: theirs.devEui }) });
    expect(taken).toMatchObject({ status: 409, body: { error: expect.stringContaining("already registered on the network") } });
    expect(JSON.stringify(taken.body)).not.toContain("Victim sensor");
    expect(await storedDevices(tenant.id)).toHaveLength(1);
  });

  it("refuses another tenant's profile exactly as a profile that does not exist", async () => {
    const { writer } = await tenantWithWriter();
    const theirs = await createNetworkFixtures(db, (await createTenant(db)).id);
    const foreign = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ profileId: theirs.profileId }) });
    const missing = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ profileId: crypto.randomUUID() }) });
    expect(foreign).toEqual({ status: 404, body: { error: "That device profile was not found." }, headers: undefined });
    expect(missing).toEqual(foreign);
  });

  it("gives a device registered without a profileId the organisation's default profile, as the portal and CSV import do; null or \"\" for none", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const only = await addProfile(tenant.id, "Meters");
    const register = async (body: Record<string, unknown>) => (await callApi(db, createDeviceOperation, { ...writer, body })).body!.device as { profile: { id: string } | null };
    expect((await register(otaa())).profile).toMatchObject({ id: only });
    expect((await register(otaa({ profileId: null }))).profile).toBeNull();
    expect((await register(otaa({ profileId: "" }))).profile).toBeNull();

    // With more than one profile: the most used (Meters, by the device above), or none when that is not clear-cut.
    const other = await addProfile(tenant.id, "Bins");
    expect((await register(otaa())).profile).toMatchObject({ id: only });
    expect((await register(otaa({ profileId: other }))).profile).toMatchObject({ id: other });
    await register(otaa({ profileId: other }));
    expect((await register(otaa())).profile).toBeNull();
  });

  it("never defaults to another organisation's profile", async () => {
    const { writer } = await tenantWithWriter();
    await createNetworkFixtures(db, (await createTenant(db)).id);
    const reply = await callApi(db, createDeviceOperation, { ...writer, body: otaa() });
    expect(reply).toMatchObject({ status: 201, body: { device: { profile: null } } });
  });

  it("gives the same refusals as the portal's own registration", async () => {
    const team = await createTenantWithTeam(db);
    const writer = await createApiKeyRow(db, team.tenant.id, { scope: "read-write" });
    const existing = otaa();
    await callerFor(db, team.member.id, team.tenant.slug).devices.register(existing as never);
    const portal = await trpcErrorOf(callerFor(db, team.member.id, team.tenant.slug).devices.register(otaa({ devEui: existing.devEui }) as never));
    const api = await callApi(db, createDeviceOperation, { ...writer, body: otaa({ devEui: existing.devEui }) });
    expect(api.body).toEqual({ error: portal.message });
  });
});

describe("Idempotency-Key on POST /api/v1/devices", () => {
  it("answers a retry exactly as the first request, registering one device", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const body = otaa();
    const first = await callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "create-1" });
    const retry = await callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "create-1" });
    expect(first.status).toBe(201);
    expect(JSON.parse(JSON.stringify(retry.body))).toEqual(JSON.parse(JSON.stringify(first.body)));
    expect(retry).toMatchObject({ status: 201, headers: { Location: first.headers!.Location, "Idempotent-Replayed": "true" } });
    expect(await storedDevices(tenant.id)).toHaveLength(1);
    expect((await auditOf(tenant.id)).filter((a) => a.action === "device.registered")).toHaveLength(1);
  });

  it("replays a refusal too, even once the cause is gone, and never registers on a retry", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const body = otaa();
    expect((await callApi(db, createDeviceOperation, { ...writer, body })).status).toBe(201);
    const conflict = await callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "dup" });
    expect(conflict.status).toBe(409);
    await callApi(db, deleteDeviceOperation, { ...writer, params: { devEui: body.devEui } });
    const retry = await callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "dup" });
    expect(retry).toMatchObject({ status: 409, body: conflict.body });
    expect(await storedDevices(tenant.id)).toEqual([]);
  });

  it("refuses the same key with a different body (422), and other API keys' keys are their own", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const otherWriter = await createApiKeyRow(db, tenant.id, { scope: "read-write" });
    expect((await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "k" })).status).toBe(201);
    const reused = await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "k" });
    expect(reused).toMatchObject({ status: 422, body: { error: expect.stringContaining("already used by this API key for a different request") } });
    expect((await callApi(db, createDeviceOperation, { ...otherWriter, body: otaa(), idempotencyKey: "k" })).status).toBe(201);
    expect(await storedDevices(tenant.id)).toHaveLength(2);
  });

  it("treats bodies that mean the same (DevEUI written differently, keys in another order) as the same request", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const body = otaa();
    const { name, devEui, ...rest } = body;
    expect((await callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "same" })).status).toBe(201);
    const reordered = await callApi(db, createDeviceOperation, { ...writer, body: { ...rest, devEui: devEui.toUpperCase(), name }, idempotencyKey: "same" });
    expect(reordered).toMatchObject({ status: 201, headers: { "Idempotent-Replayed": "true" } });
    expect(await storedDevices(tenant.id)).toHaveLength(1);
  });

  it("makes concurrent requests with one key register one device and answer alike", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const body = otaa();
    const replies = await Promise.all([1, 2, 3].map(() => callApi(db, createDeviceOperation, { ...writer, body, idempotencyKey: "race" })));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await storedDevices(tenant.id)).toHaveLength(1);
  });

  it("stores nothing for a body that fails validation, so the corrected request may use the key", async () => {
    const { tenant, writer } = await tenantWithWriter();
    expect((await callApi(db, createDeviceOperation, { ...writer, body: otaa({ devEui: "nope" }), idempotencyKey: "fix" })).status).toBe(400);
    expect((await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "fix" })).status).toBe(201);
    expect(await storedDevices(tenant.id)).toHaveLength(1);
  });

  it("expires keys after a day: the row says so, and an expired key may be used for a new request", async () => {
    const { tenant, writer } = await tenantWithWriter();
    expect((await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "old" })).status).toBe(201);
    const [row] = await withPlatform(db, (tx) => tx.select().from(apiIdempotencyKeys).where(and(eq(apiIdempotencyKeys.tenantId, tenant.id), eq(apiIdempotencyKeys.apiKeyId, writer.id))));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 3_600_000);
    await withPlatform(db, (tx) => tx.update(apiIdempotencyKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiIdempotencyKeys.apiKeyId, writer.id)));
    expect((await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "old" })).status).toBe(201);
    expect(await storedDevices(tenant.id)).toHaveLength(2);
  });

  it("refuses a malformed key with 400 naming the header", async () => {
    const { writer } = await tenantWithWriter();
    expect(await callApi(db, createDeviceOperation, { ...writer, body: otaa(), idempotencyKey: "has space" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Header 'Idempotency-Key': /) } });
  });
});

describe("PATCH and DELETE /api/v1/devices/{devEui}", () => {
  it("changes only the fields sent, audited under the key's name, and deletes", async () => {
    const { tenant, writer } = await tenantWithWriter();
    const body = otaa({ description: "kept", tags: ["a"] });
    await callApi(db, createDeviceOperation, { ...writer, body });

    const changed = await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: body.devEui.toUpperCase() }, body: { name: "Cellar sensor 2", tags: ["b"] } });
    expect(changed).toMatchObject({ status: 200, body: { device: { name: "Cellar sensor 2", tags: ["b"], description: "kept" } } });
    expect(await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: body.devEui }, body: { devEui: randomEui() } })).toMatchObject({
      status: 400, body: { error: "Field 'devEui': this request has no such field; check its spelling against the API documentation." },
    });

    expect(await callApi(db, deleteDeviceOperation, { ...writer, params: { devEui: body.devEui } })).toEqual({ status: 204, body: null, headers: undefined });
    expect(await callApi(db, getDeviceOperation, { ...writer, params: { devEui: body.devEui } })).toMatchObject({ status: 404 });
    const actions = (await auditOf(tenant.id)).map((a) => [a.action, a.actorApiKeyName]);
    expect(actions).toEqual([["device.registered", "Asset system"], ["device.updated", "Asset system"], ["device.deleted", "Asset system"]]);
  });

  it("sets, shows and clears a device's location", async () => {
    const { writer } = await tenantWithWriter();
    const body = otaa({ location: { latitude: 53.191, longitude: -2.8913 } });
    const created = await callApi(db, createDeviceOperation, { ...writer, body });
    expect(created).toMatchObject({ status: 201, body: { device: { location: { latitude: 53.191, longitude: -2.8913, source: "manual" } } } });
    expect(await callApi(db, getDeviceOperation, { ...writer, params: { devEui: body.devEui } })).toMatchObject({ body: { device: { location: { latitude: 53.191, longitude: -2.8913, source: "manual" } } } });

    const moved = await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: body.devEui }, body: { location: { latitude: 53.2, longitude: -2.9 } } });
    expect(moved).toMatchObject({ status: 200, body: { device: { location: { latitude: 53.2, longitude: -2.9 } } } });
    const cleared = await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: body.devEui }, body: { location: null } });
    expect(cleared).toMatchObject({ status: 200, body: { device: { location: null } } });
    const unplaced = await callApi(db, createDeviceOperation, { ...writer, body: otaa() });
    expect(unplaced).toMatchObject({ status: 201, body: { device: { location: null } } });
  });

  /** A valid change beside the bad one, which must not be made either. */
  const alsoDescribed = (fields: Record<string, unknown>) => ({ description: "changed", ...fields });

  it.each([
    ["an empty name", alsoDescribed({ name: "" }), "Field 'name': Enter a name for the device."],
    ["a name that is not text", alsoDescribed({ name: 42 }), "Field 'name': Enter a name for the device."],
    ["a description that is not text", alsoDescribed({ description: 5 }), "Field 'description': Invalid input: expected string, received number"],
    ["tags that are not a list", alsoDescribed({ tags: "a;b" }), "Field 'tags': Invalid input: expected array, received string"],
    ["an empty tag", alsoDescribed({ tags: ["ok", " "] }), "Field 'tags.1': Tags cannot be empty."],
    ["a profileId that is not an id", alsoDescribed({ profileId: "Meters" }), "Field 'profileId': Choose a device profile from the list."],
    ["a latitude out of range", alsoDescribed({ location: { latitude: 91, longitude: -2.89 } }), "Field 'location.latitude': Latitude must be between -90 and 90 degrees."],
    ["half a location", alsoDescribed({ location: { latitude: 53.19 } }), "Field 'location.longitude': Longitude must be a number of degrees, e.g. -2.8913."],
    ["a coordinate as text", alsoDescribed({ location: { latitude: "53.19", longitude: -2.89 } }), "Field 'location.latitude': Latitude must be a number of degrees, e.g. 53.1910."],
    ["a location that is not an object", alsoDescribed({ location: "53.19,-2.89" }), "Field 'location': Invalid input: expected object, received string"],
    ["a location with a field it does not keep", alsoDescribed({ location: { latitude: 53.19, longitude: -2.89, altitude: 30 } }), "Field 'location.altitude': this request has no such field; check its spelling against the API documentation."],
    ["a JoinEUI (fixed once registered)", alsoDescribed({ joinEui: "70B3D57ED0000001" }), "Field 'joinEui': this request has no such field; check its spelling against the API documentation."],
    ["an AppKey (fixed once registered)", alsoDescribed({ appKey: "zz" }), "Field 'appKey': this request has no such field; check its spelling against the API documentation."],
    ["not an object", "rename", "The body: it must be a JSON object with the fields the API documentation lists."],
  ])("refuses a change with %s: 400 naming the field, and changes nothing", async (_, body, error) => {
    const { tenant, writer } = await tenantWithWriter();
    const device = otaa({ tags: ["a"] });
    await callApi(db, createDeviceOperation, { ...writer, body: device });
    const before = await storedDevices(tenant.id);

    expect(await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: device.devEui }, body })).toMatchObject({ status: 400, body: { error } });
    expect(await storedDevices(tenant.id)).toEqual(before);
    expect((await auditOf(tenant.id)).map((a) => a.action)).toEqual(["device.registered"]);
  });

  it("refuses a change to a path that is not a DevEUI with 400 saying so", async () => {
    const { writer } = await tenantWithWriter();
    expect(await callApi(db, updateDeviceOperation, { ...writer, params: { devEui: "sensor-1" }, body: { name: "x" } })).toMatchObject({
      status: 400, body: { error: "DevEUI must be 16 hexadecimal characters (8 bytes), got 'sensor-1'." },
    });
  });

  it("refuses another tenant's device exactly as one that does not exist, and changes nothing of it", async () => {
    const { writer } = await tenantWithWriter();
    const other = await createTenant(db);
    const theirs = await createNetworkFixtures(db, other.id);
    const nobodys = randomEui();
    for (const [operation, body] of [[updateDeviceOperation, { name: "Mine now" }], [deleteDeviceOperation, undefined]] as const) {
      const foreign = await callApi(db, operation, { ...writer, params: { devEui: theirs.devEui }, body });
      expect(foreign).toEqual({ status: 404, body: { error: "That device was not found." }, headers: undefined });
      expect(await callApi(db, operation, { ...writer, params: { devEui: nobodys }, body })).toEqual(foreign);
    }
    expect((await storedDevices(other.id)).map((d) => d.name)).toEqual(["Victim sensor"]);
  });

  it("refuses every write with a read key: 403, and nothing changes", async () => {
    const tenant = await createTenant(db);
    const mine = await createNetworkFixtures(db, tenant.id);
    const reader = await createApiKeyRow(db, tenant.id, { scope: "read" });
    for (const [operation, call] of [
      [createDeviceOperation, { body: otaa() }],
      [updateDeviceOperation, { params: { devEui: mine.devEui }, body: { name: "Renamed" } }],
      [deleteDeviceOperation, { params: { devEui: mine.devEui } }],
    ] as const) {
      expect(await callApi(db, operation, { ...reader, ...call })).toMatchObject({ status: 403, body: { error: expect.stringContaining("may only read") } });
    }
    expect((await storedDevices(tenant.id)).map((d) => d.name)).toEqual(["Victim sensor"]);
  });
});
