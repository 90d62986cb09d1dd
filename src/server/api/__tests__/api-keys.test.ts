import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { hashLinkToken } from "@/domain/identity/tokens";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { apiKeys, auditLog } from "@/server/db/schema";

const KEY_SHAPE = /^lrk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/;

let handle: DatabaseHandle;
let db: Database;
let team: Awaited<ReturnType<typeof createTenantWithTeam>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  team = await createTenantWithTeam(db);
});
afterAll(() => handle.close());

type Team = typeof team;
const as = (role: "owner" | "admin" | "member" | "viewer", t: Team = team) => callerFor(db, t[role].id, t.tenant.slug);
const storedRow = (apiKeyId: string) => withPlatform(db, async (tx) => (await tx.select().from(apiKeys).where(eq(apiKeys.id, apiKeyId)))[0]);
const auditOf = (apiKeyId: string) =>
  withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.targetType, "api_key"), eq(auditLog.targetId, apiKeyId))).orderBy(auditLog.at));

describe("creating a key", () => {
  it("returns the key once, stores only its SHA-256, lists it without key or hash, and audits the creation without either", async () => {
    const created = await as("admin").apiKeys.create({ name: "  Asset system " });
    expect(created.key).toMatch(KEY_SHAPE);
    expect(created.apiKey).toEqual({
      id: expect.any(String), name: "Asset system", publicId: created.key.slice(4, 16), scope: "read", expiresAt: null, createdAt: expect.any(Date), lastUsedAt: null, revokedAt: null,
    });

    const row = (await storedRow(created.apiKey.id))!;
    expect(row).toMatchObject({ tenantId: team.tenant.id, createdBy: team.admin.id, keyHash: hashLinkToken(created.key) });
    expect(JSON.stringify(row)).not.toContain(created.key);

    const listed = await as("owner").apiKeys.list();
    expect(listed.find((k) => k.id === created.apiKey.id)).toEqual({ ...created.apiKey, createdBy: { name: team.admin.name, email: team.admin.email } });
    const said = JSON.stringify(listed);
    expect(said).not.toContain(created.key);
    expect(said).not.toContain(row.keyHash);

    const audit = await auditOf(created.apiKey.id);
    expect(audit.map((a) => [a.action, a.tenantId, a.actorEmail, a.details])).toEqual([
      ["api_key.created", team.tenant.id, team.admin.email, { name: "Asset system", publicId: created.apiKey.publicId, scope: "read", expiresAt: null }],
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.key);
    expect(JSON.stringify(audit)).not.toContain(row.keyHash);
  });

  it("gives a key the scope and expiry asked for, and audits both", async () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const { apiKey } = await as("admin").apiKeys.create({ name: "Asset register", scope: "read-write", expiresAt });
    expect(apiKey).toMatchObject({ scope: "read-write", expiresAt });
    expect(await storedRow(apiKey.id)).toMatchObject({ scope: "read-write", expiresAt });
    expect((await auditOf(apiKey.id))[0]!.details).toEqual({ name: "Asset register", publicId: apiKey.publicId, scope: "read-write", expiresAt: expiresAt.toISOString() });
  });

  it.each([
    ["a scope it does not know", { scope: "admin" }, "scope: Choose what the key may do: read, or read-write."],
    ["an expiry in the past", { expiresAt: new Date(Date.now() - 1000) }, "expiresAt: The expiry must be in the future."],
    ["an expiry over a year ahead", { expiresAt: new Date(Date.now() + 400 * 86_400_000) }, "expiresAt: Keys expire at most a year ahead; create a new key when it runs out."],
  ])("refuses %s, saying what is accepted", async (_, input, message) => {
    expect(await trpcErrorOf(as("admin").apiKeys.create({ name: "Bad", ...(input as object) }))).toEqual({ code: "BAD_REQUEST", message });
  });

  it("makes a different key every time", async () => {
    const [a, b] = [await as("admin").apiKeys.create({ name: "A" }), await as("admin").apiKeys.create({ name: "A" })];
    expect(a.key).not.toBe(b.key);
    expect(a.apiKey.publicId).not.toBe(b.apiKey.publicId);
  });

  it.each([
    ["empty", "   ", "name: Enter a name for the key, e.g. Asset system."],
    ["too long", "x".repeat(81), "name: Key names are at most 80 characters."],
  ])("refuses a name that is %s, saying what is accepted, and stores nothing", async (_, name, message) => {
    const before = (await as("admin").apiKeys.list()).length;
    expect(await trpcErrorOf(as("admin").apiKeys.create({ name }))).toEqual({ code: "BAD_REQUEST", message });
    expect(await as("admin").apiKeys.list()).toHaveLength(before);
  });

  it("accepts a name of exactly 80 characters", async () => {
    expect((await as("admin").apiKeys.create({ name: "x".repeat(80) })).apiKey.name).toHaveLength(80);
  });
});

describe("who may manage keys", () => {
  it("is admins and owners only: members and viewers can neither list, create nor revoke", async () => {
    const { apiKey } = await as("admin").apiKeys.create({ name: "Kept" });
    for (const role of ["member", "viewer"] as const) {
      const forbidden = { code: "FORBIDDEN", message: `This needs the admin role or higher; you are ${role}.` };
      expect(await trpcErrorOf(as(role).apiKeys.list())).toEqual(forbidden);
      expect(await trpcErrorOf(as(role).apiKeys.create({ name: "Mine" }))).toEqual(forbidden);
      expect(await trpcErrorOf(as(role).apiKeys.revoke({ apiKeyId: apiKey.id }))).toEqual(forbidden);
    }
    expect((await storedRow(apiKey.id))!.revokedAt).toBeNull();
    expect(Array.isArray(await as("owner").apiKeys.list())).toBe(true);
  });
});

describe("revoking a key", () => {
  it("marks it revoked, lists it after the working ones, audits it, and refuses to revoke it twice", async () => {
    const own = await createTenantWithTeam(db);
    const { apiKey } = await as("admin", own).apiKeys.create({ name: "Old system" });
    const { apiKey: newer } = await as("admin", own).apiKeys.create({ name: "New system" });

    const revoked = await as("owner", own).apiKeys.revoke({ apiKeyId: apiKey.id });
    expect(revoked).toMatchObject({ id: apiKey.id, name: "Old system", revokedAt: expect.any(Date) });
    expect((await storedRow(apiKey.id))!.revokedAt).toEqual(revoked.revokedAt);
    expect((await as("admin", own).apiKeys.list()).map((k) => [k.name, k.revokedAt !== null])).toEqual([["New system", false], ["Old system", true]]);

    expect(await trpcErrorOf(as("owner", own).apiKeys.revoke({ apiKeyId: apiKey.id }))).toEqual({
      code: "CONFLICT", message: "The key Old system is already revoked; create a new key if you need one.",
    });
    expect((await storedRow(apiKey.id))!.revokedAt).toEqual(revoked.revokedAt);
    expect((await storedRow(newer.id))!.revokedAt).toBeNull();

    const audit = await auditOf(apiKey.id);
    expect(audit.map((a) => [a.action, a.actorEmail, a.details])).toEqual([
      ["api_key.created", own.admin.email, { name: "Old system", publicId: apiKey.publicId, scope: "read", expiresAt: null }],
      ["api_key.revoked", own.owner.email, { name: "Old system", publicId: apiKey.publicId }],
    ]);
  });

  it("lists expired keys after the working ones", async () => {
    const own = await createTenantWithTeam(db);
    const { apiKey: soon } = await as("admin", own).apiKeys.create({ name: "Expiring", expiresAt: new Date(Date.now() + 60_000) });
    await as("admin", own).apiKeys.create({ name: "Lasting" });
    await withPlatform(db, (tx) => tx.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, soon.id)));
    expect((await as("admin", own).apiKeys.list()).map((k) => k.name)).toEqual(["Lasting", "Expiring"]);
  });

  it("treats another tenant's key as not there, and leaves it working", async () => {
    const other = await createTenantWithTeam(db);
    const { apiKey } = await as("admin", other).apiKeys.create({ name: "Theirs" });
    expect(await trpcErrorOf(as("owner").apiKeys.revoke({ apiKeyId: apiKey.id }))).toEqual({ code: "NOT_FOUND", message: "That API key was not found." });
    expect((await as("owner").apiKeys.list()).map((k) => k.id)).not.toContain(apiKey.id);
    expect(await storedRow(apiKey.id)).toMatchObject({ tenantId: other.tenant.id, name: "Theirs", revokedAt: null });
    expect(await auditOf(apiKey.id)).toHaveLength(1);
  });
});
