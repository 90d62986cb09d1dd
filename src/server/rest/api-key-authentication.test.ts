import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKeyRow } from "../../../test/api-key-rows";
import { useTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import { SUSPENDED_TRAFFIC_MESSAGE } from "@/domain/devices";
import { newApiKey } from "@/domain/identity/api-keys";
import { withPlatform, type Database } from "@/server/db";
import { apiKeys } from "@/server/db/schema";
import { authenticateApiKey as authenticateInPlatform } from "./api-key-authentication";

const database = useTestDatabase();
let db: Database;
beforeAll(() => {
  db = database.db;
});

const authenticateApiKey = (database: Database, authorization: string | null) => withPlatform(database, (tx) => authenticateInPlatform(tx, authorization));

const lastUsedAt = async (tenantId: string, id: string) =>
  (await withPlatform(db, (tx) => tx.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))))[0]!.at;

describe("authenticateApiKey", () => {
  it("accepts a tenant's key and names its tenant", async () => {
    const tenant = await createTenant(db);
    const apiKey = await createApiKeyRow(db, tenant.id);
    expect(await authenticateApiKey(db, apiKey.authorization)).toEqual({ key: { id: apiKey.id, tenantId: tenant.id, publicId: expect.any(String), name: apiKey.name, scope: "read" } });
    expect(await authenticateApiKey(db, `bearer   ${apiKey.key}`)).toHaveProperty("key");
  });

  it("refuses a missing, malformed, unknown or wrong key with 401 and says how to send one", async () => {
    const tenant = await createTenant(db);
    const real = await createApiKeyRow(db, tenant.id);
    const [, publicId] = real.key.split("_");
    const wrongSecret = `lrk_${publicId}_${newApiKey().key.split("_").slice(2).join("_")}`;

    const missing = await authenticateApiKey(db, null);
    expect(missing).toMatchObject({ refusal: { status: 401, headers: { "WWW-Authenticate": expect.stringContaining("Bearer") } } });
    expect(JSON.stringify(missing)).toContain("Authorization: Bearer lrk_");
    expect(await authenticateApiKey(db, `Basic ${real.key}`)).toMatchObject({ refusal: { status: 401 } });
    expect(await authenticateApiKey(db, "Bearer lrk_short")).toMatchObject({ refusal: { status: 401, body: { error: expect.stringContaining("not a Longreach API key") } } });
    const unknown = await authenticateApiKey(db, `Bearer ${newApiKey().key}`);
    const wrong = await authenticateApiKey(db, `Bearer ${wrongSecret}`);
    expect(unknown).toMatchObject({ refusal: { status: 401, body: { error: expect.stringContaining("not valid") } } });
    // A real public id with the wrong secret reads exactly like a key that does not exist.
    expect(wrong).toEqual(unknown);
  });

  it("refuses revoked keys and closed tenants with 401, and a suspended tenant with 403", async () => {
    const revoked = await createApiKeyRow(db, (await createTenant(db)).id, { revoked: true });
    const closed = await createApiKeyRow(db, (await createTenant(db, "closed")).id);
    const suspended = await createApiKeyRow(db, (await createTenant(db, "suspended")).id);
    const pending = await createApiKeyRow(db, (await createTenant(db, "pending")).id);

    expect(await authenticateApiKey(db, revoked.authorization)).toMatchObject({ refusal: { status: 401, body: { error: expect.stringContaining("revoked") } } });
    expect(await authenticateApiKey(db, closed.authorization)).toMatchObject({ refusal: { status: 401, body: { error: expect.stringContaining("closed") } } });
    expect(await authenticateApiKey(db, suspended.authorization)).toEqual({ refusal: { status: 403, body: { error: SUSPENDED_TRAFFIC_MESSAGE } } });
    expect(await authenticateApiKey(db, pending.authorization)).toHaveProperty("key");
  });

  it("refuses a key past its expiry with 401, saying when it expired; one not yet expired works", async () => {
    const tenant = await createTenant(db);
    const expiredAt = new Date(Date.now() - 1000);
    const expired = await createApiKeyRow(db, tenant.id, { expiresAt: expiredAt, scope: "read-write" });
    const current = await createApiKeyRow(db, tenant.id, { expiresAt: new Date(Date.now() + 3_600_000), scope: "read-write" });
    expect(await authenticateApiKey(db, expired.authorization)).toMatchObject({
      refusal: { status: 401, headers: { "WWW-Authenticate": expect.stringContaining("Bearer") }, body: { error: `That API key expired at ${expiredAt.toISOString()}; create a new one in the portal under Integrations.` } },
    });
    expect(await authenticateApiKey(db, current.authorization)).toMatchObject({ key: { id: current.id, scope: "read-write" } });
  });

  it("records last use at most once a minute", async () => {
    const tenant = await createTenant(db);
    const apiKey = await createApiKeyRow(db, tenant.id);
    expect(await lastUsedAt(tenant.id, apiKey.id)).toBeNull();

    await authenticateApiKey(db, apiKey.authorization);
    const first = await lastUsedAt(tenant.id, apiKey.id);
    expect(first).toBeInstanceOf(Date);
    await authenticateApiKey(db, apiKey.authorization);
    expect(await lastUsedAt(tenant.id, apiKey.id)).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await withPlatform(db, (tx) => tx.update(apiKeys).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiKeys.id, apiKey.id)));
    await authenticateApiKey(db, apiKey.authorization);
    expect((await lastUsedAt(tenant.id, apiKey.id))!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });
});
