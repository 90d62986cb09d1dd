import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKeyRow } from "../../../../../test/api-key-rows";
import { openTestDatabase } from "../../../../../test/database";
import { createNetworkFixtures } from "../../../../../test/device-fixtures";
import { createTenant } from "../../../../../test/factories";
import type { DatabaseHandle } from "@/server/db/client";

let handle: DatabaseHandle;
const shared = globalThis as unknown as { longreachDb?: Promise<DatabaseHandle> };

beforeAll(async () => {
  handle = await openTestDatabase();
  // The routes open the app's database through this process-wide cache.
  shared.longreachDb = Promise.resolve(handle);
});
afterAll(() => handle.close());

const get = (path: string, authorization?: string) => new Request(`http://localhost${path}`, { headers: authorization ? { authorization } : {} });
const params = (devEui: string) => ({ params: Promise.resolve({ devEui }) });

it("serves the three endpoints as plain HTTP with a key, and nothing without one", async () => {
  const tenant = await createTenant(handle.db);
  const { devEui, deviceId } = await createNetworkFixtures(handle.db, tenant.id);
  const { authorization } = await createApiKeyRow(handle.db, tenant.id);
  const list = await import("./route");
  const one = await import("./[devEui]/route");
  const events = await import("./[devEui]/events/route");

  const listed = await list.GET(get("/api/v1/devices?pageSize=10", authorization));
  expect(listed.status).toBe(200);
  expect(listed.headers.get("content-type")).toContain("application/json");
  expect(listed.headers.get("cache-control")).toBe("no-store");
  expect(await listed.json()).toMatchObject({ devices: [{ id: deviceId, devEui, lastSeenAt: expect.stringMatching(/Z$/) }], page: 1, pageSize: 10, total: 1 });

  const shown = await one.GET(get(`/api/v1/devices/${devEui.toUpperCase()}`, authorization), params(devEui.toUpperCase()));
  expect(await shown.json()).toMatchObject({ device: { id: deviceId, devEui } });

  const history = await events.GET(get(`/api/v1/devices/${devEui}/events?limit=5`, authorization), params(devEui));
  expect(await history.json()).toMatchObject({ events: [{ deviceId, kind: "uplink", fCnt: 1 }], nextCursor: null });

  const anonymous = await list.GET(get("/api/v1/devices"));
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
  expect((await anonymous.json()).error).toContain("Authorization: Bearer lrk_");

  const badCursor = await events.GET(get(`/api/v1/devices/${devEui}/events?cursor=%%%`, authorization), params(devEui));
  expect(badCursor.status).toBe(400);
});

it("refuses writes with 405, saying the API is read-only", async () => {
  const { POST, DELETE } = await import("./[devEui]/route");
  for (const refuse of [POST, DELETE]) {
    const reply = refuse();
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe("GET");
    expect((await reply.json()).error).toContain("read-only");
  }
});
