import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { authenticate } from "@/server/auth/authenticate";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { memberships, tenants } from "@/server/db/schema";
import { listMyTenants } from "@/server/tenancy/my-tenants";
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";
import { seedDemo } from "./seed-demo";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(() => handle.close());

it("seeds usable demo accounts once, however often it runs", async () => {
  await seedDemo(db);
  await seedDemo(db);
  const slugs = DEMO_TENANTS.map((t) => t.slug);
  const seeded = await withPlatform(db, (tx) => tx.select().from(tenants).where(inArray(tenants.slug, slugs)));
  expect(seeded.map((t) => t.slug).sort()).toEqual([...slugs].sort());
  const owners = await withPlatform(db, (tx) => tx.select().from(memberships).where(inArray(memberships.tenantId, seeded.map((t) => t.id))));
  expect(owners.filter((m) => m.role === "owner")).toHaveLength(DEMO_TENANTS.length);

  const operator = await authenticate(db, DEMO_STAFF[0]!.email, DEMO_PASSWORD, "seed-test");
  expect(operator).toMatchObject({ ok: true, user: { platformRole: "operator" } });
  const cafeOwner = await authenticate(db, DEMO_TENANTS[1]!.owner.email, DEMO_PASSWORD, "seed-test");
  if (!cafeOwner.ok) throw new Error("demo tenant owner cannot sign in");
  expect((await listMyTenants(db, cafeOwner.user.id)).map((t) => t.slug)).toEqual(["riverside-cafe"]);
});
