import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcErrorOf as errorOf } from "../../../../test/trpc-errors";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, captureMail, createTenantWithTeam, createUser, unique } from "../../../../test/factories";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, invitations, memberships, tenants, users } from "@/server/db/schema";

let handle: DatabaseHandle;
let db: Database;
let operator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  operator = await createUser(db, { platformRole: "operator" });
});
afterAll(() => handle.close());

const tokenFrom = (link: string) => link.split("/invite/")[1]!;


describe("operator onboards a tenant", () => {
  it("creates a tenant, invites its first owner, who accepts and lands in the tenant", async () => {
    const mail = captureMail();
    const op = callerFor(db, operator.id, null, mail);
    const name = unique("Riverside Café");
    const tenant = await op.tenants.create({ name, contactEmail: "Hello@Riverside.example", billingEmail: "accounts@riverside.example" });
    expect(tenant).toMatchObject({ name, status: "pending", contactEmail: "hello@riverside.example" });
    expect(tenant.slug).toMatch(/^riverside-cafe-/);

    const inviteeEmail = `${unique("owner")}@riverside.example`;
    const { link } = await op.tenants.invite({ tenantId: tenant.id, email: inviteeEmail });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]!.to).toBe(inviteeEmail);
    expect(mail.sent[0]!.text).toContain(link);

    const anonymous = callerFor(db, null);
    expect(await anonymous.invitations.preview({ token: tokenFrom(link) })).toEqual({ tenantName: name, email: inviteeEmail, role: "owner", hasAccount: false });
    const accepted = await anonymous.invitations.acceptWithNewAccount({ token: tokenFrom(link), name: "Rhiannon Owner", password: "a-good-long-password" });
    expect(accepted.tenantId).toBe(tenant.id);

    const [user] = await withPlatform(db, (tx) => tx.select().from(users).where(eq(users.email, inviteeEmail)));
    expect(user!.passwordHash).toMatch(/^scrypt\$/);
    const me = await callerFor(db, user!.id).account.me();
    expect(me.tenants).toEqual([{ id: tenant.id, slug: tenant.slug, name, status: "pending", role: "owner" }]);
    expect(await callerFor(db, user!.id, tenant.slug).workspace.current()).toMatchObject({ id: tenant.id, role: "owner" });

    // The link is single-use.
    expect(await errorOf(anonymous.invitations.acceptWithNewAccount({ token: tokenFrom(link), name: "Again", password: "a-good-long-password" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("already been used"),
    });

    const actions = await withPlatform(db, (tx) => tx.select({ action: auditLog.action, actor: auditLog.actorEmail }).from(auditLog).where(eq(auditLog.tenantId, tenant.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(["invitation.accepted", "invitation.created", "tenant.created"]);
    expect(actions.find((a) => a.action === "tenant.created")!.actor).toBe(operator.email);
  });

  it("suspends and reactivates a tenant with an audit trail, and refuses to reopen a closed one", async () => {
    const op = callerFor(db, operator.id);
    const tenant = await op.tenants.create({ name: unique("Suspendable"), contactEmail: "a@b.example", billingEmail: "a@b.example" });
    await op.tenants.setStatus({ tenantId: tenant.id, status: "suspended", reason: "Unpaid invoice" });
    await op.tenants.setStatus({ tenantId: tenant.id, status: "active" });
    await op.tenants.setStatus({ tenantId: tenant.id, status: "closed" });
    expect(await errorOf(op.tenants.setStatus({ tenantId: tenant.id, status: "active" }))).toMatchObject({ code: "CONFLICT" });
    const audit = await op.audit.list({ tenantId: tenant.id, action: "tenant.", page: 1, pageSize: 10 });
    expect(audit.rows.map((r) => r.action)).toEqual(["tenant.closed", "tenant.active", "tenant.suspended", "tenant.created"]);
    expect(audit.rows[2]!.details).toMatchObject({ from: "pending", to: "suspended", reason: "Unpaid invoice" });
  });

  it("lists tenants with search and pagination", async () => {
    const op = callerFor(db, operator.id);
    const marker = unique("Searchable");
    for (const n of [1, 2, 3]) await op.tenants.create({ name: `${marker} ${n}`, contactEmail: "x@y.example", billingEmail: "x@y.example" });
    const first = await op.tenants.list({ search: marker, page: 1, pageSize: 5 });
    expect(first.total).toBe(3);
    const paged = await op.tenants.list({ search: marker, page: 2, pageSize: 5 });
    expect(paged.rows).toEqual([]);
    expect((await op.tenants.list({ search: "100%_literal", page: 1, pageSize: 5 })).total).toBe(0);
  });
});

describe("bad input is refused with a clear message and writes nothing", () => {
  it.each([
    [{ name: "", contactEmail: "a@b.example", billingEmail: "a@b.example" }, /name/],
    [{ name: "x".repeat(121), contactEmail: "a@b.example", billingEmail: "a@b.example" }, /at most 120/],
    [{ name: "Good Name", contactEmail: "not-an-email", billingEmail: "a@b.example" }, /contactEmail: Enter a valid email/],
    [{ name: "Good Name", contactEmail: `${"a".repeat(250)}@b.example`, billingEmail: "a@b.example" }, /at most 254/],
  ])("tenants.create(%j)", async (input, message) => {
    const before = await withPlatform(db, (tx) => tx.select({ id: tenants.id }).from(tenants));
    const error = await errorOf(callerFor(db, operator.id).tenants.create(input));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await withPlatform(db, (tx) => tx.select({ id: tenants.id }).from(tenants))).toHaveLength(before.length);
  });

  it("rejects malformed ids before touching the database", async () => {
    const error = await errorOf(callerFor(db, operator.id).tenants.get({ tenantId: "1 or 1=1" }));
    expect(error).toEqual({ code: "BAD_REQUEST", message: "tenantId: That id is not valid." });
  });

  it("gives NOT_FOUND for a well-formed id that does not exist", async () => {
    expect(await errorOf(callerFor(db, operator.id).tenants.get({ tenantId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses expired, withdrawn and unknown invitation links", async () => {
    const team = await createTenantWithTeam(db);
    const admin = callerFor(db, team.admin.id, team.tenant.slug);
    const expired = await admin.team.invite({ email: `${unique("late")}@example.org`, role: "member" });
    await withPlatform(db, (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.invitationId)));
    const withdrawn = await admin.team.invite({ email: `${unique("gone")}@example.org`, role: "member" });
    await admin.team.revokeInvitation({ invitationId: withdrawn.invitationId });

    const anonymous = callerFor(db, null);
    const accept = (link: string) => anonymous.invitations.acceptWithNewAccount({ token: tokenFrom(link), name: "Someone", password: "a-good-long-password" });
    expect(await errorOf(accept(expired.link))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("expired") });
    expect(await errorOf(accept(withdrawn.link))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("withdrawn") });
    expect(await errorOf(accept("http://x/invite/" + "A".repeat(43)))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(accept("http://x/invite/short"))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("copy the whole link") });
    const count = await withPlatform(db, (tx) => tx.select().from(memberships).where(eq(memberships.tenantId, team.tenant.id)));
    expect(count).toHaveLength(4);
  });

  it("refuses a too-short password without creating the account", async () => {
    const team = await createTenantWithTeam(db);
    const email = `${unique("weak")}@example.org`;
    const { link } = await callerFor(db, team.owner.id, team.tenant.slug).team.invite({ email, role: "viewer" });
    const error = await errorOf(callerFor(db, null).invitations.acceptWithNewAccount({ token: tokenFrom(link), name: "Weak", password: "short" }));
    expect(error).toEqual({ code: "BAD_REQUEST", message: "password: Passwords need at least 10 characters." });
    expect(await withPlatform(db, (tx) => tx.select().from(users).where(eq(users.email, email)))).toEqual([]);
  });
});

describe("tenant team management", () => {
  it("an existing user accepts a second tenant's invitation while signed in, and can switch", async () => {
    const first = await createTenantWithTeam(db);
    const second = await createTenantWithTeam(db);
    const { link } = await callerFor(db, second.owner.id, second.tenant.slug).team.invite({ email: first.member.email, role: "admin" });
    expect(await errorOf(callerFor(db, null).invitations.acceptWithNewAccount({ token: tokenFrom(link), name: "X", password: "a-good-long-password" }))).toMatchObject({ code: "CONFLICT" });
    expect(await errorOf(callerFor(db, first.viewer.id).invitations.acceptAsSignedInUser({ token: tokenFrom(link) }))).toMatchObject({ code: "BAD_REQUEST" });
    await callerFor(db, first.member.id).invitations.acceptAsSignedInUser({ token: tokenFrom(link) });
    const me = await callerFor(db, first.member.id).account.me();
    expect(me.tenants.map((t) => [t.slug, t.role]).sort()).toEqual([[first.tenant.slug, "member"], [second.tenant.slug, "admin"]].sort());
  });

  it("admins change roles and remove members; the last owner stays", async () => {
    const team = await createTenantWithTeam(db);
    const admin = callerFor(db, team.admin.id, team.tenant.slug);
    await admin.team.changeRole({ userId: team.viewer.id, role: "member" });
    expect(await errorOf(admin.team.changeRole({ userId: team.member.id, role: "owner" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(admin.team.remove({ userId: team.owner.id }))).toMatchObject({ code: "FORBIDDEN" });
    const owner = callerFor(db, team.owner.id, team.tenant.slug);
    expect(await errorOf(owner.team.remove({ userId: team.owner.id }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("at least one owner") });
    expect(await errorOf(owner.team.changeRole({ userId: team.owner.id, role: "admin" }))).toMatchObject({ code: "CONFLICT" });
    await admin.team.remove({ userId: team.member.id });
    const members = await owner.team.members();
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual(
      [[team.owner.email, "owner"], [team.admin.email, "admin"], [team.viewer.email, "member"]].sort(),
    );
    expect(await errorOf(callerFor(db, team.member.id, team.tenant.slug).team.members())).toMatchObject({ code: "FORBIDDEN" });
  });

  it("a removed member or a closed tenant loses access at once", async () => {
    const team = await createTenantWithTeam(db);
    await callerFor(db, operator.id).tenants.setStatus({ tenantId: team.tenant.id, status: "closed" });
    expect(await errorOf(callerFor(db, team.owner.id, team.tenant.slug).workspace.current())).toMatchObject({ code: "FORBIDDEN" });
  });
});
