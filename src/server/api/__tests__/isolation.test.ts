import { TRPCError } from "@trpc/server";
import { eq, getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyRow } from "../../../../test/api-key-rows";
import { databaseErrorOf, openTestDatabase } from "../../../../test/database";
import { eventIdsOf, insertDeliveries } from "../../../../test/delivery-rows";
import { createNetworkFixtures, giveReadings } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam, createUser } from "../../../../test/factories";
import { createForwarder } from "../../../../test/forwarders";
import { insertInvoiceRow } from "../../../../test/invoice-rows";
import { parseApiKey } from "@/domain/identity/api-keys";
import { withPlatform, withTenant, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { resultRows } from "@/server/db/result-rows";
import * as schema from "@/server/db/schema";
import { inviteToTenant } from "@/server/tenancy/invitations";
import { appRouter } from "../root";
import type { Meta } from "../trpc";
import { crossTenantProbes, type VictimTenant } from "./cross-tenant-probes";

type AnyProcedure = { _def: { meta?: Meta; type: "query" | "mutation" | "subscription" } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const byAudience = (audience: Meta["audience"]) => procedures.filter(([, p]) => p._def.meta?.audience === audience).map(([path, p]) => ({ path, type: p._def.type }));

/** Every table that carries tenant_id, found from the schema so new tables are checked automatically. */
const tenantTables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable) && "tenantId" in value);

function call(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<any>((node, key) => node[key], caller);
  return fn(input);
}

async function codeOfWithMessage(promise: Promise<unknown>) {
  try {
    return { ok: true as const, value: await promise };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false as const, code: error.code, message: error.message };
    throw error;
  }
}

async function codeOf(promise: Promise<unknown>) {
  const result = await codeOfWithMessage(promise);
  return result.ok ? result : { ok: false as const, code: result.code };
}

/** Everything stored for a tenant, to prove that an attack changed nothing. */
async function snapshotTenant(db: Database, tenantId: string) {
  return withPlatform(db, async (tx) => {
    const snapshot: Record<string, unknown> = {};
    for (const table of tenantTables) {
      const columns = getTableColumns(table) as Record<string, any>;
      snapshot[getTableName(table)] = await tx.select().from(table).where(eq(columns.tenantId, tenantId));
    }
    snapshot.tenant = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
    return JSON.stringify(snapshot);
  });
}

let handle: DatabaseHandle;
let db: Database;
let attacker: Awaited<ReturnType<typeof createTenantWithTeam>>;
let victim: VictimTenant;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  attacker = await createTenantWithTeam(db);
  const team = await createTenantWithTeam(db);
  const { invitationId } = await withTenant(db, { tenantId: team.tenant.id }, (tx) =>
    inviteToTenant(tx, { userId: team.owner.id, email: team.owner.email }, {
      tenantId: team.tenant.id, email: "pending@example.org", role: "member", appUrl: "http://x", mailer: { send: async () => {} },
    }),
  );
  const invoice = await insertInvoiceRow(db, team.tenant.id, { number: `ISO-${team.tenant.slug}`, planName: "Victim plan" });
  await withPlatform(db, (tx) => tx.insert(schema.tenantBilling).values({ tenantId: team.tenant.id, budgetCapPence: 5000 }));
  const network = await createNetworkFixtures(db, team.tenant.id);
  await giveReadings(db, team.tenant.id, network.deviceId);
  const [eventId] = await eventIdsOf(db, network.deviceId);
  const forwarder = await createForwarder(db, team.tenant.id);
  const [deliveryId] = await insertDeliveries(db, team.tenant.id, forwarder.id, [{ eventId: eventId!, status: "failed", attempts: 11, lastStatus: 500, lastError: "HTTP 500" }]);
  const apiKey = await createApiKeyRow(db, team.tenant.id);
  const [rule] = await withPlatform(db, (tx) => tx.insert(schema.alertRules).values({ tenantId: team.tenant.id, name: "Victim alert", kind: "battery", batteryBelowPercent: 50, deviceId: network.deviceId }).returning());
  await withPlatform(db, (tx) => tx.insert(schema.alertEpisodes).values({ tenantId: team.tenant.id, ruleId: rule!.id, deviceId: network.deviceId, startedAt: new Date(), message: "Victim sensor's battery is at 10 %." }));
  victim = {
    team, invitationId, network, invoiceId: invoice.id, forwarderId: forwarder.id, deliveryId: deliveryId!, apiKey: { id: apiKey.id, publicId: parseApiKey(apiKey.key)!.publicId }, alertRuleId: rule!.id,
  };
});
afterAll(() => handle.close());

describe("tenant isolation through tRPC", () => {
  const tenantProcedures = byAudience("tenant");

  it("knows every tenant procedure and has a cross-tenant probe for each", () => {
    expect(tenantProcedures.length).toBeGreaterThan(5);
    const missing = tenantProcedures.map((p) => p.path).filter((path) => !(path in crossTenantProbes));
    expect(missing, "add a probe to cross-tenant-probes.ts for these procedures").toEqual([]);
  });

  it.each(tenantProcedures)("$path: naming another tenant is FORBIDDEN and changes nothing", async ({ path }) => {
    const before = await snapshotTenant(db, victim.team.tenant.id);
    const caller = callerFor(db, attacker.owner.id, victim.team.tenant.slug);
    const result = await codeOf(call(caller, path, crossTenantProbes[path]!(victim)));
    expect(result).toEqual({ ok: false, code: "FORBIDDEN" });
    expect(await snapshotTenant(db, victim.team.tenant.id)).toBe(before);
  });

  it.each(tenantProcedures)("$path: another tenant's ids from inside my tenant reveal and change nothing", async ({ path }) => {
    const before = await snapshotTenant(db, victim.team.tenant.id);
    const caller = callerFor(db, attacker.owner.id, attacker.tenant.slug);
    const input = crossTenantProbes[path]!(victim);
    const result = await codeOfWithMessage(call(caller, path, input));
    // Whatever the answer, it must not mention tenant B at all.
    const said = JSON.stringify(result.ok ? (result.value ?? null) : result.message);
    for (const secret of [victim.team.tenant.id, victim.team.tenant.slug, victim.invitationId, victim.invoiceId, victim.team.member.id, victim.team.owner.email, victim.network.deviceId, victim.network.profileId, victim.forwarderId, victim.apiKey.id, victim.apiKey.publicId, victim.alertRuleId, "Victim alert", "Victim sensor"]) {
      expect(said).not.toContain(secret);
    }
    // A call carrying B's ids that fails must fail as "not found" or "forbidden". Procedures that take no
    // ids act on my own tenant only, so they may fail for reasons of their own (e.g. Stripe not configured).
    if (!result.ok && input !== undefined) expect(["NOT_FOUND", "FORBIDDEN"]).toContain(result.code);
    expect(await snapshotTenant(db, victim.team.tenant.id)).toBe(before);
  });

  it.each(tenantProcedures.filter((p) => p.type === "mutation"))("$path: a viewer cannot change anything", async ({ path }) => {
    const caller = callerFor(db, attacker.viewer.id, attacker.tenant.slug);
    expect(await codeOf(call(caller, path, crossTenantProbes[path]!(victim)))).toEqual({ ok: false, code: "FORBIDDEN" });
  });
});

describe("platform procedures refuse tenant users", () => {
  it.each([...byAudience("operator"), ...byAudience("billing")])("$path is FORBIDDEN to a tenant owner", async ({ path }) => {
    const caller = callerFor(db, attacker.owner.id, attacker.tenant.slug);
    expect(await codeOf(call(caller, path, {}))).toEqual({ ok: false, code: "FORBIDDEN" });
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.audience !== "public").map(([path]) => ({ path })))(
    "$path is UNAUTHORIZED when signed out",
    async ({ path }) => {
      expect(await codeOf(call(callerFor(db, null), path, {}))).toEqual({ ok: false, code: "UNAUTHORIZED" });
    },
  );

  it("billing staff cannot use the operator console", async () => {
    const billing = await createUser(db, { platformRole: "billing" });
    for (const { path } of byAudience("operator")) {
      expect(await codeOf(call(callerFor(db, billing.id), path, {}))).toEqual({ ok: false, code: "FORBIDDEN" });
    }
  });
});

describe("tenant isolation in the database (row-level security as app_user)", () => {
  it("covers every tenant-owned table", () => {
    expect(tenantTables.length).toBeGreaterThanOrEqual(2);
  });

  it.each(tenantTables.map((table) => ({ table, name: getTableName(table) })))("$name: tenant A sees none of B's rows", async ({ table }) => {
    const columns = getTableColumns(table) as Record<string, any>;
    const rows = await withTenant(db, { tenantId: attacker.tenant.id }, (tx) => tx.select().from(table).where(eq(columns.tenantId, victim.team.tenant.id)));
    expect(rows).toEqual([]);
  });

  it("tenant A cannot insert rows for B, nor update or delete B's rows", async () => {
    const refusal = await databaseErrorOf(
      withTenant(db, { tenantId: attacker.tenant.id }, (tx) =>
        tx.insert(schema.memberships).values({ tenantId: victim.team.tenant.id, userId: attacker.owner.id, role: "owner" }),
      ),
    );
    expect(refusal).toMatch(/row-level security/);
    const before = await snapshotTenant(db, victim.team.tenant.id);
    await withTenant(db, { tenantId: attacker.tenant.id }, async (tx) => {
      await tx.update(schema.tenants).set({ name: "pwned" }).where(eq(schema.tenants.id, victim.team.tenant.id));
      await tx.delete(schema.memberships).where(eq(schema.memberships.tenantId, victim.team.tenant.id));
    });
    expect(await snapshotTenant(db, victim.team.tenant.id)).toBe(before);
  });

  it("sees only the members of its own tenant in the users table", async () => {
    const visible = await withTenant(db, { tenantId: attacker.tenant.id }, (tx) => tx.select({ id: schema.users.id }).from(schema.users));
    const ids = visible.map((u) => u.id).sort();
    expect(ids).toEqual([attacker.owner.id, attacker.admin.id, attacker.member.id, attacker.viewer.id].sort());
  });

  it("cannot read sign-in or password-reset tables at all", async () => {
    for (const table of [schema.signInFailures, schema.passwordResetTokens]) {
      expect(await databaseErrorOf(withTenant(db, { tenantId: attacker.tenant.id }, (tx) => tx.select().from(table)))).toMatch(/permission denied/);
    }
  });

  it("leaves no tenant setting behind on the connection", async () => {
    await withTenant(db, { tenantId: attacker.tenant.id }, async () => {});
    const rows = await db.execute(sql`select coalesce(current_setting('app.tenant_id', true), '') as tenant`);
    const list = resultRows<{ tenant: string }>(rows);
    expect(list[0]?.tenant).toBe("");
  });
});
