import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { eventIdsOf, insertDeliveries } from "../../../../test/delivery-rows";
import { createNetworkFixtures, ingestUplinks } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { createForwarder } from "../../../../test/forwarders";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { startWebhookReceiver } from "../../../../test/webhook-receiver";
import { SIGNATURE_HEADER, verifyDeliverySignature } from "@/domain/forwarding/signature";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, forwardDeliveries, forwarders } from "@/server/db/schema";
import { openSigningSecret } from "@/server/forwarding/signing-secret";

/** The environment's policy is read once at start-up; here each test can loosen it. */
const policy = vi.hoisted(() => ({ allowInsecure: false, allowPrivateNetworks: false }));
vi.mock("@/server/forwarding/destination-policy", () => ({ destinationPolicy: () => ({ ...policy }) }));

let handle: DatabaseHandle;
let db: Database;
let team: Awaited<ReturnType<typeof createTenantWithTeam>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  team = await createTenantWithTeam(db);
});
afterAll(() => handle.close());
afterEach(() => Object.assign(policy, { allowInsecure: false, allowPrivateNetworks: false }));

type Team = typeof team;
const as = (role: "owner" | "admin" | "member" | "viewer", t: Team = team) => callerFor(db, t[role].id, t.tenant.slug);
const storedRow = (forwarderId: string) => withPlatform(db, async (tx) => (await tx.select().from(forwarders).where(eq(forwarders.id, forwarderId)))[0]);
const auditOf = (forwarderId: string) =>
  withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.targetType, "forwarder"), eq(auditLog.targetId, forwarderId))).orderBy(auditLog.at));
const deliveryRow = (deliveryId: number) => withPlatform(db, async (tx) => (await tx.select().from(forwardDeliveries).where(eq(forwardDeliveries.id, deliveryId)))[0]!);
const newEndpoint = (url = "https://receiver.example.org/longreach") => ({ name: "Asset system", url });

/** A forwarder of `tenantId` with exactly these deliveries. */
async function forwarderWith(tenantId: string, deliveries: Parameters<typeof insertDeliveries>[3]) {
  const { id: forwarderId } = await createForwarder(db, tenantId);
  return { forwarderId, deliveryIds: deliveries.length ? await insertDeliveries(db, tenantId, forwarderId, deliveries) : [] };
}

/** A tenant of its own with one device and `events` stored uplinks, so nothing else is queued for its forwarders. */
async function tenantWithEvents(events: number) {
  const own = await createTenantWithTeam(db);
  const network = await createNetworkFixtures(db, own.tenant.id);
  await ingestUplinks(db, network.devEui, Array.from({ length: events - 1 }, (_, i) => ({ fCnt: i + 2 })));
  return { team: own, network, eventIds: await eventIdsOf(db, network.deviceId) };
}

describe("creating an endpoint", () => {
  it("returns the signing secret once, stores it encrypted (bound to the forwarder), and audits the creation", async () => {
    const created = await as("admin").forwarders.create({ name: "  Asset system ", url: "https://Receiver.example.org/longreach?src=lr#ignored" });
    expect(created).toEqual({ id: expect.any(String), name: "Asset system", secret: expect.stringMatching(/^lrsec_[A-Za-z0-9_-]{32}$/) });

    const row = (await storedRow(created.id))!;
    expect(row).toMatchObject({ tenantId: team.tenant.id, url: "https://receiver.example.org/longreach?src=lr", eventKinds: ["uplink"], enabled: true });
    expect(row.secretEnc).toMatch(/^v1:/);
    expect(row.secretEnc).not.toContain(created.secret);
    expect(openSigningSecret(created.id, row.secretEnc)).toBe(created.secret);
    expect(() => openSigningSecret(team.tenant.id, row.secretEnc)).toThrow();

    const listed = (await as("viewer").forwarders.list()).find((f) => f.id === created.id);
    expect(listed).toMatchObject({ name: "Asset system", enabled: true, pending: 0, deliveredLastDay: 0, failed: 0, lastDeliveredAt: null, lastError: null });
    expect(JSON.stringify(await as("viewer").forwarders.list())).not.toMatch(/lrsec_|v1:/);
    expect(JSON.stringify(await as("viewer").forwarders.get({ forwarderId: created.id }))).not.toMatch(/lrsec_|v1:/);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => [a.action, a.tenantId, a.actorEmail])).toEqual([["forwarder.created", team.tenant.id, team.admin.email]]);
    expect(audit[0]!.details).toEqual({ name: "Asset system", url: "https://receiver.example.org/longreach?src=lr", eventKinds: ["uplink"] });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
  });

  it("keeps the event kinds chosen, each once, in a fixed order", async () => {
    const { id } = await as("owner").forwarders.create({ ...newEndpoint(), eventKinds: ["log", "uplink", "join", "uplink"] });
    expect((await storedRow(id))!.eventKinds).toEqual(["uplink", "join", "log"]);
  });

  it.each([
    ["plain http", "http://receiver.example.org/hook", "The URL must start with https:// (events carry your devices' data)."],
    ["localhost", "https://localhost:8443/hook", "localhost is not a public address; events can only be sent to servers on the internet."],
    ["a private IPv4 address", "https://10.1.2.3/hook", "10.1.2.3 is not a public address; events can only be sent to servers on the internet."],
    ["the cloud metadata address", "https://169.254.169.254/latest/meta-data", "169.254.169.254 is not a public address; events can only be sent to servers on the internet."],
    ["IPv6 loopback", "https://[::1]/hook", "::1 is not a public address; events can only be sent to servers on the internet."],
    ["credentials in the URL", "https://me:pw@receiver.example.org/hook", "Leave user name and password out of the URL; requests are signed with the secret instead."],
    ["something that is not a URL", "receiver.example.org/hook", "'receiver.example.org/hook' is not a URL; enter the full address, e.g. https://example.com/longreach/events."],
  ])("refuses %s with a message that says what is accepted, and stores nothing", async (_, url, message) => {
    const before = (await as("admin").forwarders.list()).length;
    expect(await trpcErrorOf(as("admin").forwarders.create(newEndpoint(url)))).toEqual({ code: "BAD_REQUEST", message });
    expect(await as("admin").forwarders.list()).toHaveLength(before);
  });

  it("accepts http and private addresses only where the server allows them", async () => {
    policy.allowInsecure = true;
    expect(await trpcErrorOf(as("admin").forwarders.create(newEndpoint("ftp://receiver.example.org/")))).toEqual({ code: "BAD_REQUEST", message: "The URL must start with https:// or http://." });
    expect(await trpcErrorOf(as("admin").forwarders.create(newEndpoint("http://192.168.1.20/hook")))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("192.168.1.20 is not a public address") });
    policy.allowPrivateNetworks = true;
    const { id } = await as("admin").forwarders.create(newEndpoint("http://192.168.1.20/hook"));
    expect((await storedRow(id))!.url).toBe("http://192.168.1.20/hook");
  });

  it("says which field is wrong when the name or the event kinds are", async () => {
    expect(await trpcErrorOf(as("admin").forwarders.create({ ...newEndpoint(), name: "  " }))).toEqual({ code: "BAD_REQUEST", message: "name: Enter a name for the endpoint, e.g. Asset system." });
    expect(await trpcErrorOf(as("admin").forwarders.create({ ...newEndpoint(), eventKinds: [] }))).toEqual({ code: "BAD_REQUEST", message: "eventKinds: Choose at least one kind of event to send." });
    expect(await trpcErrorOf(as("admin").forwarders.create({ ...newEndpoint(), eventKinds: ["everything" as "uplink"] }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Event kinds are uplink, join, status, location, downlink, ack, txack, log, alert.") });
  });

  it("is for admins: members and viewers see endpoints but cannot add them", async () => {
    for (const role of ["member", "viewer"] as const) {
      expect(await trpcErrorOf(as(role).forwarders.create(newEndpoint()))).toMatchObject({ code: "FORBIDDEN", message: `This needs the admin role or higher; you are ${role}.` });
      expect(Array.isArray(await as(role).forwarders.list())).toBe(true);
    }
  });
});

describe("changing an endpoint", () => {
  it("updates name, URL, event kinds and enabled, audits what changed from what, and writes nothing for no change", async () => {
    const { id } = await as("admin").forwarders.create(newEndpoint());
    await as("admin").forwarders.update({ forwarderId: id, name: "Asset system (new)", url: "https://new.example.org/hook", eventKinds: ["join", "uplink"], enabled: false });
    expect(await storedRow(id)).toMatchObject({ name: "Asset system (new)", url: "https://new.example.org/hook", eventKinds: ["uplink", "join"], enabled: false });
    await as("owner").forwarders.update({ forwarderId: id, name: "Asset system (new)", eventKinds: ["uplink", "join"], enabled: false });
    await as("owner").forwarders.update({ forwarderId: id, enabled: true });

    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["forwarder.created", team.admin.email],
      ["forwarder.updated", team.admin.email],
      ["forwarder.updated", team.owner.email],
    ]);
    expect(audit[1]!.details).toEqual({
      name: "Asset system",
      changes: {
        name: { from: "Asset system", to: "Asset system (new)" },
        url: { from: "https://receiver.example.org/longreach", to: "https://new.example.org/hook" },
        eventKinds: { from: ["uplink"], to: ["uplink", "join"] },
        enabled: { from: true, to: false },
      },
    });
    expect(audit[2]!.details).toEqual({ name: "Asset system (new)", changes: { enabled: { from: false, to: true } } });
  });

  it("checks a changed URL as strictly as a new one, and leaves the endpoint as it was", async () => {
    const { id } = await as("admin").forwarders.create(newEndpoint());
    expect(await trpcErrorOf(as("admin").forwarders.update({ forwarderId: id, name: "Renamed", url: "https://127.0.0.1/hook" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("127.0.0.1 is not a public address") });
    expect(await storedRow(id)).toMatchObject({ name: "Asset system", url: "https://receiver.example.org/longreach" });
  });

  it("rotates the secret: the new one is returned once and stored encrypted, the old one is gone", async () => {
    const created = await as("admin").forwarders.create(newEndpoint());
    const rotated = await as("admin").forwarders.rotateSecret({ forwarderId: created.id });
    expect(rotated).toEqual({ id: created.id, name: "Asset system", secret: expect.stringMatching(/^lrsec_/) });
    expect(rotated.secret).not.toBe(created.secret);
    expect(openSigningSecret(created.id, (await storedRow(created.id))!.secretEnc)).toBe(rotated.secret);
    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["forwarder.created", "forwarder.secret_rotated"]);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it("deletes an endpoint with its deliveries, audits it, and then no longer finds it", async () => {
    const { team: own, eventIds } = await tenantWithEvents(1);
    const { forwarderId, deliveryIds } = await forwarderWith(own.tenant.id, [{ eventId: eventIds[0]!, status: "failed" }]);
    await as("admin", own).forwarders.delete({ forwarderId });
    expect(await storedRow(forwarderId)).toBeUndefined();
    expect(await withPlatform(db, (tx) => tx.select().from(forwardDeliveries).where(eq(forwardDeliveries.id, deliveryIds[0]!)))).toEqual([]);
    expect((await auditOf(forwarderId)).map((a) => [a.action, a.actorEmail, a.details])).toEqual([
      ["forwarder.deleted", own.admin.email, { name: "Test endpoint", url: "https://receiver.example.org/events" }],
    ]);
    expect(await trpcErrorOf(as("admin", own).forwarders.delete({ forwarderId }))).toEqual({ code: "NOT_FOUND", message: "That endpoint was not found." });
  });

  it("does not let members or viewers change, rotate, delete or resend", async () => {
    const { id } = await as("admin").forwarders.create(newEndpoint());
    for (const role of ["member", "viewer"] as const) {
      const caller = as(role);
      for (const attempt of [
        () => caller.forwarders.update({ forwarderId: id, enabled: false }),
        () => caller.forwarders.rotateSecret({ forwarderId: id }),
        () => caller.forwarders.delete({ forwarderId: id }),
        () => caller.forwarders.resendAllFailed({ forwarderId: id }),
      ]) {
        expect(await trpcErrorOf(attempt())).toMatchObject({ code: "FORBIDDEN" });
      }
    }
    expect(await storedRow(id)).toMatchObject({ enabled: true });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(["forwarder.created"]);
  });

  it("treats another tenant's endpoint as not there", async () => {
    const other = await createTenantWithTeam(db);
    const { id } = await as("admin", other).forwarders.create(newEndpoint());
    const notFound = { code: "NOT_FOUND", message: "That endpoint was not found." };
    expect(await trpcErrorOf(as("owner").forwarders.get({ forwarderId: id }))).toEqual(notFound);
    expect(await trpcErrorOf(as("owner").forwarders.deliveries({ forwarderId: id }))).toEqual(notFound);
    expect(await trpcErrorOf(as("owner").forwarders.update({ forwarderId: id, enabled: false }))).toEqual(notFound);
    expect(await trpcErrorOf(as("owner").forwarders.rotateSecret({ forwarderId: id }))).toEqual(notFound);
    expect(await trpcErrorOf(as("owner").forwarders.delete({ forwarderId: id }))).toEqual(notFound);
    expect(await storedRow(id)).toMatchObject({ enabled: true, name: "Asset system" });
  });
});

describe("deliveries", () => {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

  it("lists a forwarder's deliveries newest first, a page at a time, filtered by status, with the event and device", async () => {
    const { team: own, network, eventIds } = await tenantWithEvents(7);
    const statuses = ["delivered", "failed", "delivered", "pending", "failed", "delivered", "failed"] as const;
    const { forwarderId, deliveryIds } = await forwarderWith(
      own.tenant.id,
      statuses.map((status, i) => ({
        eventId: eventIds[i]!, status, attempts: status === "failed" ? 11 : 1,
        deliveredAt: status === "delivered" ? hoursAgo(i === 0 ? 30 : 1) : null,
        lastStatus: status === "failed" ? 503 : status === "delivered" ? 204 : null, lastError: status === "failed" ? "HTTP 503" : null,
      })),
    );
    const newestFirst = [...deliveryIds].reverse();
    const viewer = as("viewer", own);

    const first = await viewer.forwarders.deliveries({ forwarderId, page: 1, pageSize: 5 });
    expect(first.total).toBe(7);
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 5));
    expect(first.rows[0]).toMatchObject({
      status: "failed", attempts: 11, lastStatus: 503, lastError: "HTTP 503", eventId: eventIds[6], eventKind: "uplink",
      deviceId: network.deviceId, deviceName: "Victim sensor",
    });
    expect(first.rows[0]!.occurredAt).toBeInstanceOf(Date);
    expect((await viewer.forwarders.deliveries({ forwarderId, page: 2, pageSize: 5 })).rows.map((r) => r.id)).toEqual(newestFirst.slice(5));

    const failed = await viewer.forwarders.deliveries({ forwarderId, status: "failed" });
    expect(failed.total).toBe(3);
    expect(failed.rows.map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
    expect((await viewer.forwarders.deliveries({ forwarderId, status: "pending" })).rows.map((r) => r.id)).toEqual([deliveryIds[3]]);

    // One delivered 30 hours ago no longer counts as delivered in the last day.
    expect(await viewer.forwarders.get({ forwarderId })).toMatchObject({ pending: 1, deliveredLastDay: 2, failed: 3 });
    expect((await viewer.forwarders.list()).find((f) => f.id === forwarderId)).toMatchObject({ pending: 1, deliveredLastDay: 2, failed: 3 });
  });

  it("shows a deleted device's deliveries without its name", async () => {
    const { team: own, network, eventIds } = await tenantWithEvents(1);
    const { forwarderId } = await forwarderWith(own.tenant.id, [{ eventId: eventIds[0]!, status: "delivered", deliveredAt: new Date() }]);
    await as("member", own).devices.delete({ deviceId: network.deviceId });
    expect((await as("viewer", own).forwarders.deliveries({ forwarderId })).rows).toEqual([expect.objectContaining({ deviceId: network.deviceId, deviceName: null })]);
  });

  it("sends one failed delivery again: pending, due now, with the whole retry schedule ahead, and audited", async () => {
    const { team: own, eventIds } = await tenantWithEvents(3);
    const { forwarderId, deliveryIds } = await forwarderWith(own.tenant.id, [
      { eventId: eventIds[0]!, status: "failed", attempts: 11, nextAttemptAt: hoursAgo(5), lastStatus: 500, lastError: "HTTP 500" },
      { eventId: eventIds[1]!, status: "delivered", attempts: 1, deliveredAt: new Date() },
      { eventId: eventIds[2]!, status: "failed", attempts: 11 },
    ]);
    const started = Date.now();
    expect(await as("admin", own).forwarders.resend({ forwarderId, deliveryId: deliveryIds[0]! })).toEqual({ resent: 1 });
    const resent = await deliveryRow(deliveryIds[0]!);
    expect(resent).toMatchObject({ status: "pending", attempts: 0, lastStatus: 500, lastError: "HTTP 500" });
    expect(Math.abs(resent.nextAttemptAt.getTime() - started)).toBeLessThan(60_000);
    expect(await deliveryRow(deliveryIds[2]!)).toMatchObject({ status: "failed", attempts: 11 });

    expect(await trpcErrorOf(as("admin", own).forwarders.resend({ forwarderId, deliveryId: deliveryIds[1]! }))).toEqual({
      code: "CONFLICT", message: "That delivery is delivered; only failed deliveries can be sent again.",
    });
    expect(await trpcErrorOf(as("admin", own).forwarders.resend({ forwarderId, deliveryId: deliveryIds[0]! }))).toMatchObject({ code: "CONFLICT" });
    expect(await trpcErrorOf(as("admin", own).forwarders.resend({ forwarderId, deliveryId: 9_007_199_254_740_000 }))).toEqual({ code: "NOT_FOUND", message: "That delivery was not found." });

    expect((await auditOf(forwarderId)).map((a) => [a.action, a.actorEmail, a.details])).toEqual([
      ["forwarder.deliveries_resent", own.admin.email, { name: "Test endpoint", deliveryId: deliveryIds[0], count: 1 }],
    ]);
  });

  it("sends all failed deliveries of one forwarder again, and only those", async () => {
    const { team: own, eventIds } = await tenantWithEvents(3);
    const mine = await forwarderWith(own.tenant.id, [
      { eventId: eventIds[0]!, status: "failed", attempts: 11 },
      { eventId: eventIds[1]!, status: "failed", attempts: 11 },
      { eventId: eventIds[2]!, status: "delivered", attempts: 1, deliveredAt: new Date() },
    ]);
    const sibling = await forwarderWith(own.tenant.id, [{ eventId: eventIds[0]!, status: "failed", attempts: 11 }]);

    expect(await as("admin", own).forwarders.resendAllFailed({ forwarderId: mine.forwarderId })).toEqual({ resent: 2 });
    expect((await Promise.all(mine.deliveryIds.map(deliveryRow))).map((d) => [d.status, d.attempts])).toEqual([["pending", 0], ["pending", 0], ["delivered", 1]]);
    expect(await deliveryRow(sibling.deliveryIds[0]!)).toMatchObject({ status: "failed", attempts: 11 });
    expect((await auditOf(mine.forwarderId)).map((a) => a.details)).toEqual([{ name: "Test endpoint", allFailed: true, count: 2 }]);

    // Nothing failed any more: nothing to do, nothing audited.
    expect(await as("admin", own).forwarders.resendAllFailed({ forwarderId: mine.forwarderId })).toEqual({ resent: 0 });
    expect(await auditOf(mine.forwarderId)).toHaveLength(1);
  });

  it("does not reach another tenant's delivery through one of my own forwarders", async () => {
    const victim = await tenantWithEvents(1);
    const theirs = await forwarderWith(victim.team.tenant.id, [{ eventId: victim.eventIds[0]!, status: "failed", attempts: 11 }]);
    const mine = await forwarderWith(team.tenant.id, []);
    expect(await trpcErrorOf(as("admin").forwarders.resend({ forwarderId: mine.forwarderId, deliveryId: theirs.deliveryIds[0]! }))).toEqual({ code: "NOT_FOUND", message: "That delivery was not found." });
    expect(await trpcErrorOf(as("admin").forwarders.resendAllFailed({ forwarderId: theirs.forwarderId }))).toEqual({ code: "NOT_FOUND", message: "That endpoint was not found." });
    expect(await deliveryRow(theirs.deliveryIds[0]!)).toMatchObject({ status: "failed", attempts: 11 });
  });
});

describe("sending a test event", () => {
  it("posts a signed, marked test event to the endpoint and reports its answer, storing nothing", async () => {
    Object.assign(policy, { allowInsecure: true, allowPrivateNetworks: true });
    const receiver = await startWebhookReceiver((_request, index) => ({ status: index === 0 ? 204 : 503 }));
    try {
      const { id: forwarderId, secret } = await as("admin").forwarders.create(newEndpoint(receiver.url("/test")));
      expect(await as("admin").forwarders.sendTest({ forwarderId })).toEqual({ delivered: true, status: 204 });
      const [request] = receiver.requests;
      expect(verifyDeliverySignature(secret, request!.body, String(request!.headers[SIGNATURE_HEADER.toLowerCase()]), Math.floor(Date.now() / 1000))).toBe(true);
      expect(JSON.parse(request!.body)).toMatchObject({ test: true, kind: "uplink", device: { name: "Test device" } });

      expect(await as("admin").forwarders.sendTest({ forwarderId })).toEqual({ delivered: false, status: 503, error: expect.stringContaining("503") });
      expect(await as("admin").forwarders.deliveries({ forwarderId, page: 1, pageSize: 10 })).toMatchObject({ rows: [], total: 0 });
    } finally {
      await receiver.close();
    }
  });

  it("is for admins, and refuses addresses the policy forbids without contacting them", async () => {
    Object.assign(policy, { allowInsecure: true, allowPrivateNetworks: true });
    const receiver = await startWebhookReceiver();
    try {
      const { id: forwarderId } = await as("admin").forwarders.create(newEndpoint(receiver.url()));
      expect(await trpcErrorOf(as("member").forwarders.sendTest({ forwarderId }))).toMatchObject({ code: "FORBIDDEN" });
      Object.assign(policy, { allowPrivateNetworks: false });
      expect(await as("admin").forwarders.sendTest({ forwarderId })).toMatchObject({ delivered: false, status: null, error: expect.stringMatching(/not a public address/) });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
