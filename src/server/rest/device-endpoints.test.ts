import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../../test/api-calls";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { useTestDatabase } from "../../../test/database";
import { createNetworkFixtures, ingestUplinks, randomEui } from "../../../test/device-fixtures";
import { createTenant } from "../../../test/factories";
import { withPlatform, type Database } from "@/server/db";
import { devices } from "@/server/db/schema";
import { getDeviceOperation, listDeviceEventsOperation, listDevicesOperation } from "./device-endpoints";

const database = useTestDatabase();
let db: Database;
beforeAll(() => {
  db = database.db;
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A tenant with one heard device (profile, one uplink) and an API key, as its machine would hold it. */
async function tenantWithKey() {
  const tenant = await createTenant(db);
  const fixtures = await createNetworkFixtures(db, tenant.id);
  const { authorization } = await createApiKeyRow(db, tenant.id);
  return { tenant, ...fixtures, authorization };
}

type Caller = { authorization: string };
const listDevicesEndpoint = (caller: Caller, query: Record<string, string> = {}) => callApi(db, listDevicesOperation, { authorization: caller.authorization, query });
const deviceEndpoint = (caller: Caller, devEui: string) => callApi(db, getDeviceOperation, { authorization: caller.authorization, params: { devEui } });
const deviceEventsEndpoint = (caller: Caller, devEui: string, query: Record<string, string> = {}) =>
  callApi(db, listDeviceEventsOperation, { authorization: caller.authorization, params: { devEui }, query });

async function addDevice(tenantId: string, name: string) {
  const devEui = randomEui();
  await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId, id: randomUUID(), devEui, name, activation: "otaa", joinEui: randomEui() }));
  return devEui;
}

/** Writes an EUI as people paste it from labels: "70-B3-D5-…" in capitals. */
const asLabel = (eui: string) => eui.toUpperCase().match(/../g)!.join("-");

describe("GET /api/v1/devices", () => {
  it("pages the key's tenant's devices by name, with their latest state and no key material", async () => {
    const mine = await tenantWithKey();
    await addDevice(mine.tenant.id, "A first");
    await addDevice(mine.tenant.id, "B second");

    const first = await listDevicesEndpoint(mine, { pageSize: "2" });
    expect(first).toMatchObject({ status: 200, body: { page: 1, pageSize: 2, total: 3 } });
    const second = await listDevicesEndpoint(mine, { pageSize: "2", page: "2" });
    const listed = [...(first.body!.devices as Array<{ name: string }>), ...(second.body!.devices as Array<{ name: string }>)];
    expect(listed.map((d) => d.name)).toEqual(["A first", "B second", "Victim sensor"]);
    expect(listed[2]).toEqual({
      id: mine.deviceId, devEui: mine.devEui, name: "Victim sensor", activation: "otaa", tags: [],
      lastSeenAt: expect.any(Date), lastFCnt: 1, rssi: -60, snr: 9.5, batteryPercent: null, createdAt: expect.any(Date),
      profile: { id: mine.profileId, name: mine.profileName },
    });

    const found = await listDevicesEndpoint(mine, { search: asLabel(mine.devEui) });
    expect((found.body!.devices as Array<{ id: string }>).map((d) => d.id)).toEqual([mine.deviceId]);
  });

  it("refuses bad query parameters with 400, naming the parameter and what it accepts", async () => {
    const caller = await tenantWithKey();
    const errorOf = async (params: Record<string, string>) => (await listDevicesEndpoint(caller, params)).body!.error;
    expect(await errorOf({ pageSize: "0" })).toBe("Query parameter 'pageSize': give a whole number from 1 to 100, not \"0\".");
    expect(await errorOf({ page: "two" })).toBe("Query parameter 'page': give a whole number from 1 to 10000, not \"two\".");
    expect(await errorOf({ pagesize: "10" })).toBe("Unknown query parameter 'pagesize'; this endpoint accepts search, page, pageSize.");
    expect(await errorOf({ search: "x".repeat(101) })).toContain("Query parameter 'search': Searches are at most 100 characters.");
    expect((await listDevicesEndpoint(caller, { pageSize: "0" })).status).toBe(400);
  });
});

describe("GET /api/v1/devices/{devEui}", () => {
  it("finds a device by its DevEUI however it is written, without its keys", async () => {
    const mine = await tenantWithKey();
    for (const written of [mine.devEui, asLabel(mine.devEui), `0x${mine.devEui.toUpperCase()}`]) {
      const reply = await deviceEndpoint(mine, written);
      expect(reply).toMatchObject({ status: 200, body: { device: { id: mine.deviceId, devEui: mine.devEui, description: "", devAddr: null, profile: { name: mine.profileName, region: "EU868", macVersion: "1.0.3" } } } });
    }
    const text = JSON.stringify((await deviceEndpoint(mine, mine.devEui)).body);
    expect(text).not.toMatch(/key|Enc/i);
  });

  it("answers 400 for something that is not a DevEUI", async () => {
    const caller = await tenantWithKey();
    expect(await deviceEndpoint(caller, "sensor-1")).toEqual({ status: 400, body: { error: "DevEUI must be 16 hexadecimal characters (8 bytes), got 'sensor-1'." }, headers: undefined });
  });
});

describe("GET /api/v1/devices/{devEui}/events", () => {
  it("pages a device's events newest first with an opaque cursor", async () => {
    const mine = await tenantWithKey();
    await ingestUplinks(db, mine.devEui, [2, 3, 4].map((fCnt) => ({ fCnt, time: minutesAgo(10 - fCnt) })));

    const pages: number[][] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const reply = await deviceEventsEndpoint(mine, asLabel(mine.devEui), { limit: "3", ...(cursor ? { cursor } : {}) });
      expect(reply.status).toBe(200);
      pages.push((reply.body!.events as Array<{ fCnt: number }>).map((e) => e.fCnt));
      cursor = reply.body!.nextCursor as string | null;
      if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(pages).toEqual([[1, 4, 3], [2]]); // fixture's uplink is "now", so newest

    const [event] = (await deviceEventsEndpoint(mine, mine.devEui, { limit: "1" })).body!.events as Array<Record<string, unknown>>;
    expect(event).toMatchObject({ kind: "uplink", fCnt: 1, fPort: 1, payloadHex: "0102030405060708090a", gateways: [{ eui: "0016c001ff10a235", rssi: -60, snr: 9.5 }] });
  });

  it("refuses a malformed cursor or limit with 400", async () => {
    const mine = await tenantWithKey();
    const errorOf = async (params: Record<string, string>) => (await deviceEventsEndpoint(mine, mine.devEui, params)).body!.error;
    expect(await errorOf({ cursor: "not-a-cursor" })).toMatch(/^Query parameter 'cursor': not a cursor from this API; pass the previous page's nextCursor unchanged/);
    expect(await errorOf({ cursor: Buffer.from('["yesterday", 1]').toString("base64url") })).toMatch(/^Query parameter 'cursor'/);
    expect(await errorOf({ limit: "101" })).toBe("Query parameter 'limit': give a whole number from 1 to 100, not \"101\".");
    expect(await errorOf({ after: "1" })).toBe("Unknown query parameter 'after'; this endpoint accepts limit, cursor.");
  });
});

describe("tenant isolation", () => {
  it("never shows another tenant's device or events: 404 with the same body as a DevEUI nobody has", async () => {
    const mine = await tenantWithKey();
    const theirs = await tenantWithKey();
    const nobodys = randomEui();

    const listed = await listDevicesEndpoint(mine, { search: theirs.devEui });
    expect(listed.body).toMatchObject({ devices: [], total: 0 });
    expect(((await listDevicesEndpoint(mine)).body!.devices as Array<{ id: string }>).map((d) => d.id)).toEqual([mine.deviceId]);

    const notFound = { status: 404, body: { error: "That device was not found." }, headers: undefined };
    expect(await deviceEndpoint(mine, nobodys)).toEqual(notFound);
    expect(await deviceEndpoint(mine, theirs.devEui)).toEqual(notFound);
    expect(await deviceEventsEndpoint(mine, nobodys)).toEqual(notFound);
    expect(await deviceEventsEndpoint(mine, theirs.devEui)).toEqual(notFound);
    // ...while their own key reads them, so the 404s are isolation, not a broken fixture.
    expect((await deviceEndpoint(theirs, theirs.devEui)).status).toBe(200);
    expect((await deviceEventsEndpoint(theirs, theirs.devEui)).body!.events).toHaveLength(1);
  });
});
