import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import type { DatabaseHandle } from "./client";
import { resultRows } from "./result-rows";
import { withPlatform, withTenant, withUser } from "./scopes";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

const who = sql`select current_user as role, current_setting('app.tenant_id', true) as tenant, current_setting('app.user_id', true) as "user"`;
const tenantId = "5f0c3e2a-6d1b-4c8e-9a7f-2b4d6e8f0a1c";
const userId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

it("runs each scope's very first statement under its role and settings, and leaves the connection as it was", async () => {
  const first = <T>(rows: unknown) => resultRows<T>(rows)[0]!;
  type Who = { role: string; tenant: string | null; user: string | null };
  expect(first<Who>(await withTenant(handle.db, { tenantId, userId }, (tx) => tx.execute(who)))).toEqual({ role: "app_user", tenant: tenantId, user: userId });
  expect(first<Who>(await withUser(handle.db, userId, (tx) => tx.execute(who)))).toMatchObject({ role: "app_user", user: userId });
  expect(first<Who>(await withPlatform(handle.db, (tx) => tx.execute(who))).role).toBe("app_operator");
  // SET LOCAL: after the transaction the pooled connection is the owner again, with no tenant.
  const after = first<Who>(await handle.db.execute(who));
  expect(after.role).not.toMatch(/^app_/);
  expect(after.tenant || null).toBeNull();
});
