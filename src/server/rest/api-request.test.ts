import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callApi } from "../../../test/api-calls";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { openTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import { withPlatform } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { apiKeyRateLimits } from "@/server/db/schema";
import { API_KEY_BURST, API_KEY_REQUESTS_PER_SECOND } from "./api-key-rate-limit";
import { defineOperation } from "./api-operation";
import { READ_ONLY_KEY_MESSAGE } from "./api-request";

let handle: DatabaseHandle;
let other: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
  // A second pool stands for a second web process: it shares nothing with the first but the database.
  other = process.env.DATABASE_URL ? await openTestDatabase() : handle;
});
afterAll(async () => {
  if (other !== handle) await other.close();
  await handle.close();
});

const echoTenant = (access: "read" | "write") =>
  defineOperation({
    operationId: `echo_${access}`, method: access === "read" ? "get" : "post", path: "/echo", tag: "Devices", summary: "", description: "", access,
    success: { status: 200, description: "", schema: z.object({ tenantId: z.string(), key: z.string() }) },
    errors: {},
    handle: async ({ key, actor }) => ({ status: 200, body: { tenantId: key.tenantId, key: actor.apiKeyName } }),
  });
const read = echoTenant("read");
const write = echoTenant("write");

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe("rate limit", () => {
  it("lets a key send its burst, then answers 429 with Retry-After, without slowing other keys", async () => {
    const tenant = await createTenant(handle.db);
    const busy = await createApiKeyRow(handle.db, tenant.id);
    const quiet = await createApiKeyRow(handle.db, tenant.id);
    const now = new Date();
    const asBusy = (ms: number) => callApi(handle.db, read, { ...busy, now: at(now, ms) });

    for (let i = 0; i < API_KEY_BURST; i++) expect((await asBusy(0)).status).toBe(200);
    const throttled = await asBusy(0);
    expect(throttled).toMatchObject({ status: 429, headers: { "Retry-After": "1" }, body: { error: expect.stringContaining(`${API_KEY_REQUESTS_PER_SECOND} requests per second`) } });
    expect(await callApi(handle.db, read, { ...quiet, now })).toMatchObject({ status: 200, body: { tenantId: tenant.id, key: quiet.name } });

    // Refused requests spend nothing: one interval later exactly one more fits, a second later a whole burst.
    const interval = 1000 / API_KEY_REQUESTS_PER_SECOND;
    expect((await asBusy(interval)).status).toBe(200);
    expect((await asBusy(interval)).status).toBe(429);
    const later = interval + 1000;
    for (let i = 0; i < API_KEY_BURST; i++) expect((await asBusy(later)).status).toBe(200);
    expect((await asBusy(later)).status).toBe(429);
  });

  it("is one limit for all web processes, even when their requests race", async () => {
    const tenant = await createTenant(handle.db);
    const apiKey = await createApiKeyRow(handle.db, tenant.id);
    const now = new Date();
    const statuses = await Promise.all(Array.from({ length: API_KEY_BURST * 2 }, (_, i) => callApi(i % 2 ? other.db : handle.db, read, { ...apiKey, now }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_KEY_BURST);
    expect(statuses.filter((s) => s === 429)).toHaveLength(API_KEY_BURST);
  });

  it("uses the database's clock when none is given", async () => {
    const tenant = await createTenant(handle.db);
    const apiKey = await createApiKeyRow(handle.db, tenant.id);
    const before = Date.now();
    expect((await callApi(handle.db, read, apiKey)).status).toBe(200);
    const after = Date.now();
    const [row] = await withPlatform(handle.db, (tx) =>
      tx.select().from(apiKeyRateLimits).where(and(eq(apiKeyRateLimits.tenantId, tenant.id), eq(apiKeyRateLimits.apiKeyId, apiKey.id))),
    );
    // One interval after the moment of the request (the database runs on this machine's clock; 1 ms for rounding).
    const interval = 1000 / API_KEY_REQUESTS_PER_SECOND;
    expect(row!.theoreticalArrival.getTime()).toBeGreaterThanOrEqual(before + interval - 1);
    expect(row!.theoreticalArrival.getTime()).toBeLessThanOrEqual(after + interval + 1);
  });
});

describe("scope and expiry", () => {
  it("refuses writes with a read key (403, saying what is needed) and accepts them with a read-write key", async () => {
    const tenant = await createTenant(handle.db);
    const reader = await createApiKeyRow(handle.db, tenant.id, { scope: "read" });
    const writer = await createApiKeyRow(handle.db, tenant.id, { scope: "read-write" });
    expect(await callApi(handle.db, write, reader)).toEqual({ status: 403, body: { error: READ_ONLY_KEY_MESSAGE }, headers: undefined });
    expect(READ_ONLY_KEY_MESSAGE).toContain("read-write key");
    expect(await callApi(handle.db, read, reader)).toMatchObject({ status: 200 });
    expect(await callApi(handle.db, write, writer)).toMatchObject({ status: 200, body: { key: writer.name } });
  });

  it("refuses an expired key with 401 for reads and writes alike", async () => {
    const tenant = await createTenant(handle.db);
    const expired = await createApiKeyRow(handle.db, tenant.id, { scope: "read-write", expiresAt: new Date(Date.now() - 60_000) });
    for (const operation of [read, write]) expect(await callApi(handle.db, operation, expired)).toMatchObject({ status: 401, body: { error: expect.stringContaining("expired") } });
  });
});

it("answers 500 without details when an operation fails unexpectedly", async () => {
  const tenant = await createTenant(handle.db);
  const apiKey = await createApiKeyRow(handle.db, tenant.id);
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const failing = { ...read, handle: async () => { throw new Error("connection reset by peer at 10.0.0.5"); } };
  const reply = await callApi(handle.db, failing, apiKey);
  expect(reply.status).toBe(500);
  expect(JSON.stringify(reply.body)).not.toContain("10.0.0.5");
  expect(logged).toHaveBeenCalledOnce();
  logged.mockRestore();
});
