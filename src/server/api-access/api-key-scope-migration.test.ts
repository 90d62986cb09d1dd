import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { expect, it } from "vitest";
import { callApi } from "../../../test/api-calls";
import { useUpgradeDatabase } from "../../../test/migrations";
import { newApiKey } from "@/domain/identity/api-keys";
import { withPlatform } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { apiKeys } from "@/server/db/schema";
import { defineOperation } from "@/server/rest/api-operation";

/**
 * Keys made before scopes existed must not gain writes by the upgrade: an installation is migrated up to
 * 0025 (the last migration without scopes), a key is stored as that schema held it, and the remaining
 * migrations run over it as they would in an upgrade. On a private embedded database, whatever the test
 * run uses, since the shared one is already migrated past 0026.
 */

const BEFORE_SCOPES = "0025_provisioning_triggers";

const probe = (access: "read" | "write") =>
  defineOperation({
    operationId: `probe_${access}`, method: access === "read" ? "get" : "post", path: "/probe", tag: "Devices", summary: "", description: "", access,
    success: { status: 200, description: "", schema: z.null() }, errors: {}, handle: async () => ({ status: 200, body: null }),
  });

const upgrade = useUpgradeDatabase(BEFORE_SCOPES);

it("migration 0026 makes keys that existed before it read-only, without an expiry", async () => {
  await upgrade.migrateUpTo();
  const { key, publicId, keyHash } = newApiKey();
  await withPlatform(upgrade.db, async (tx) => {
    const [tenant] = resultRows<{ id: string }>(
      await tx.execute(sql`insert into tenants (slug, name, contact_email, billing_email) values ('before-scopes', 'Before scopes', 'a@example.org', 'a@example.org') returning id`),
    );
    await tx.execute(sql`insert into api_keys (tenant_id, name, public_id, key_hash) values (${tenant!.id}, 'Old key', ${publicId}, ${keyHash})`);
  });

  await upgrade.migrateRest();

  const [stored] = await withPlatform(upgrade.db, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.publicId, publicId)));
  expect(stored).toMatchObject({ name: "Old key", scope: "read", expiresAt: null, revokedAt: null });
  const authorization = `Bearer ${key}`;
  expect((await callApi(upgrade.db, probe("read"), { authorization })).status).toBe(200);
  expect(await callApi(upgrade.db, probe("write"), { authorization })).toMatchObject({ status: 403, body: { error: expect.stringContaining("may only read") } });
});
