import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { openTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import type { DatabaseHandle } from "@/server/db/client";
import { ConnectionRateLimiter } from "@/server/ingestion/rate-limiter";
import { API_KEY_REQUESTS_PER_SECOND } from "./api-key-rate-limit";
import { answerApiRequest, type Endpoint } from "./api-request";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const echoTenant: Endpoint = async (_db, key) => ({ status: 200, body: { tenantId: key.tenantId } });

it("limits each key to its rate with 429 and Retry-After, without slowing other keys", async () => {
  const tenant = await createTenant(handle.db);
  const busy = await createApiKeyRow(handle.db, tenant.id);
  const quiet = await createApiKeyRow(handle.db, tenant.id);
  let now = 1_000_000;
  const deps = { db: handle.db, limiter: new ConnectionRateLimiter(() => now) };

  for (let i = 0; i < API_KEY_REQUESTS_PER_SECOND; i++) expect((await answerApiRequest(deps, busy.authorization, echoTenant)).status).toBe(200);
  const throttled = await answerApiRequest(deps, busy.authorization, echoTenant);
  expect(throttled).toMatchObject({ status: 429, headers: { "Retry-After": "1" }, body: { error: expect.stringContaining(`${API_KEY_REQUESTS_PER_SECOND} requests per second`) } });
  expect(await answerApiRequest(deps, quiet.authorization, echoTenant)).toEqual({ status: 200, body: { tenantId: tenant.id } });

  now += 1000;
  expect((await answerApiRequest(deps, busy.authorization, echoTenant)).status).toBe(200);
});

it("answers 500 without details when an endpoint fails unexpectedly", async () => {
  const tenant = await createTenant(handle.db);
  const apiKey = await createApiKeyRow(handle.db, tenant.id);
  const deps = { db: handle.db, limiter: new ConnectionRateLimiter() };
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const reply = await answerApiRequest(deps, apiKey.authorization, async () => {
    throw new Error("connection reset by peer at 10.0.0.5");
  });
  expect(reply.status).toBe(500);
  expect(JSON.stringify(reply.body)).not.toContain("10.0.0.5");
  expect(logged).toHaveBeenCalledOnce();
  logged.mockRestore();
});
