import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcErrorOf as errorOf } from "../../../../test/trpc-errors";
import { openTestDatabase } from "../../../../test/database";
import { callerFor, createUser, unique } from "../../../../test/factories";
import { randomEui } from "../../../../test/network-traffic";
import { chirpstackUp } from "../../../../test/network-server-samples";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { auditLog, networkConnections } from "@/server/db/schema";
import type { IngestDeps } from "@/server/ingestion/http-ingest";
import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { createIngestion } from "@/server/ingestion/ingestion-service";

let handle: DatabaseHandle;
let db: Database;
let operator: Awaited<ReturnType<typeof createUser>>;
let op: ReturnType<typeof callerFor>;

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  operator = await createUser(db, { platformRole: "operator" });
  op = callerFor(db, operator.id);
});
afterAll(() => handle.close());

function postUplinkTo(ingestion: IngestDeps, secret: string) {
  const request = new Request("http://localhost/api/ingest/chirpstack?event=up", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify(chirpstackUp({ devEui: randomEui() })),
  });
  return ingestHttpEvent(request, "chirpstack", ingestion);
}

/** A fresh ingestion service each time: its connection cache would otherwise remember the secret for 30 s. */
const postUplink = (secret: string) => postUplinkTo(createIngestion(db, { maxWaitMs: 2 }), secret);


const auditOf = (connectionId: string) =>
  withPlatform(db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.targetType, "network_connection"), eq(auditLog.targetId, connectionId))).orderBy(auditLog.at));

describe("network connections", () => {
  it("creates a connection whose secret, shown once, authenticates ingestion until it is disabled", async () => {
    const name = unique("Council ChirpStack");
    const created = await op.connections.create({ name, kind: "chirpstack", ratePerSecond: 200 });
    expect(created).toMatchObject({ name, kind: "chirpstack", endpointUrl: "http://localhost:3000/api/ingest/chirpstack" });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const { connections, endpoints } = await op.connections.list();
    expect(endpoints).toEqual({ chirpstack: "http://localhost:3000/api/ingest/chirpstack", tts: "http://localhost:3000/api/ingest/tts" });
    const listed = connections.find((c) => c.id === created.id);
    expect(listed).toMatchObject({ name, kind: "chirpstack", ratePerSecond: 200, disabled: false, lastEventAt: null });
    expect(JSON.stringify(connections)).not.toContain(created.secret);
    const [stored] = await withPlatform(db, (tx) => tx.select().from(networkConnections).where(eq(networkConnections.id, created.id)));
    expect(stored!.secretHash).not.toBe(created.secret);

    const accepted = await postUplink(created.secret);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: "unclaimed" });
    expect((await op.connections.list()).connections.find((c) => c.id === created.id)!.lastEventAt).toBeInstanceOf(Date);

    await op.connections.setDisabled({ connectionId: created.id, disabled: true });
    const refused = await postUplink(created.secret);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatch(/disabled/);

    await op.connections.setDisabled({ connectionId: created.id, disabled: false });
    expect((await postUplink(created.secret)).status).toBe(200);

    expect((await auditOf(created.id)).map((a) => [a.action, a.tenantId, a.actorEmail])).toEqual([
      ["connection.created", null, operator.email],
      ["connection.disabled", null, operator.email],
      ["connection.enabled", null, operator.email],
    ]);
  });

  it("defaults the rate limit to 500 events per second and gives a TTS connection the TTS endpoint", async () => {
    const created = await op.connections.create({ name: unique("TTS"), kind: "tts" });
    expect(created.endpointUrl).toBe("http://localhost:3000/api/ingest/tts");
    expect((await op.connections.list()).connections.find((c) => c.id === created.id)!.ratePerSecond).toBe(500);
  });

  it.each([
    ["rate 0", { ratePerSecond: 0 }, /^ratePerSecond: The rate limit must be between 1 and 100000/],
    ["rate 100001", { ratePerSecond: 100_001 }, /^ratePerSecond: The rate limit must be between 1 and 100000/],
    ["a fractional rate", { ratePerSecond: 2.5 }, /^ratePerSecond: Enter the rate limit as a whole number/],
    ["an unknown kind", { kind: "loriot" }, /^kind: Kind must be chirpstack/],
    ["a one-letter name", { name: "x" }, /^name: Enter a name/],
  ])("refuses %s with a readable BAD_REQUEST and creates nothing", async (_what, change, message) => {
    const name = unique("refused");
    const error = await errorOf(op.connections.create({ name, kind: "chirpstack", ratePerSecond: 10, ...change } as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await withPlatform(db, (tx) => tx.select().from(networkConnections).where(eq(networkConnections.name, name)))).toEqual([]);
  });

  it("rotates a secret: the new one is shown once, the old one is refused at once (even by a process that cached it), audited", async () => {
    const created = await op.connections.create({ name: unique("Rotated"), kind: "chirpstack" });
    const ingestion = createIngestion(db, { maxWaitMs: 2 });
    const post = (secret: string) => postUplinkTo(ingestion, secret);
    expect((await post(created.secret)).status).toBe(200);

    const rotated = await op.connections.rotateSecret({ connectionId: created.id });
    expect(rotated).toMatchObject({ id: created.id, name: created.name, kind: "chirpstack", endpointUrl: "http://localhost:3000/api/ingest/chirpstack" });
    expect(rotated.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(rotated.secret).not.toBe(created.secret);

    const refused = await post(created.secret);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatch(/not valid/);
    expect((await post(rotated.secret)).status).toBe(200);
    expect(JSON.stringify(await op.connections.list())).not.toContain(rotated.secret);
    expect((await auditOf(created.id)).map((a) => a.action)).toEqual(["connection.created", "connection.secret_rotated"]);
    expect(await errorOf(op.connections.rotateSecret({ connectionId: crypto.randomUUID() }))).toEqual({ code: "NOT_FOUND", message: "That connection was not found." });
  });

  it("refuses a disabled connection's events at once, even in a process that has its secret cached", async () => {
    const created = await op.connections.create({ name: unique("Cached"), kind: "chirpstack" });
    const ingestion = createIngestion(db, { maxWaitMs: 2 });
    expect((await postUplinkTo(ingestion, created.secret)).status).toBe(200);
    await op.connections.setDisabled({ connectionId: created.id, disabled: true });
    expect((await postUplinkTo(ingestion, created.secret)).status).toBe(401);
  });

  it("says which connection was not found", async () => {
    expect(await errorOf(op.connections.setDisabled({ connectionId: crypto.randomUUID(), disabled: true }))).toEqual({ code: "NOT_FOUND", message: "That connection was not found." });
  });
});
