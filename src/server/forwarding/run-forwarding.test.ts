import { randomUUID } from "node:crypto";
import { and, eq, inArray, lt } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createTenant } from "../../../test/factories";
import { createForwarder, deliveriesOf } from "../../../test/forwarders";
import { historicalNow, registerDevice, uplink } from "../../../test/network-traffic";
import { startWebhookReceiver, type ReceiverAnswer } from "../../../test/webhook-receiver";
import type { DestinationPolicy } from "@/domain/forwarding/destination";
import type { ForwardedEvent } from "@/domain/forwarding/forwarded-event";
import { RETRY_DELAYS_SECONDS } from "@/domain/forwarding/retry-schedule";
import { SIGNATURE_HEADER, verifyDeliverySignature } from "@/domain/forwarding/signature";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { deviceEvents, devices, forwardDeliveries, forwarders, tenants } from "@/server/db/schema";
import { storeEvents } from "@/server/ingestion/store-events";
import { CLAIM_LEASE_MS, claimDeliveries } from "./claim-deliveries";
import { recordOutcomes } from "./record-outcomes";
import { CLAIM_LIMIT, runForwardingOnce, type ForwardingDeps } from "./run-forwarding";
import type { SendFetch } from "./send-to-destination";

let handle: DatabaseHandle;
let db: Database;
const cleanups: Array<() => Promise<void>> = [];

// A local receiver is only reachable when private addresses and plain http are allowed.
const local: DestinationPolicy = { allowInsecure: true, allowPrivateNetworks: true };

beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  // Deliveries an interrupted earlier run of this file left due in its years (see queuedDeliveries).
  await withPlatform(db, (tx) => tx.delete(forwardDeliveries).where(and(eq(forwardDeliveries.status, "pending"), lt(forwardDeliveries.nextAttemptAt, HISTORY_ENDS))));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => handle.close());

const HISTORY_ENDS = new Date("2012-01-01T00:00:00Z");
const secondsAfter = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

async function receiver(answer?: (index: number) => ReceiverAnswer) {
  const started = await startWebhookReceiver(answer && ((_, index) => answer(index)));
  cleanups.push(started.close);
  return started;
}

/**
 * A tenant with a device, a forwarder to `url` and `count` stored uplinks queued for it, due at `due`.
 * Tests run the clock in the years 2001–2010 (a different time each), where only their own deliveries
 * are due, so test files sharing a PostgreSQL database never claim each other's. The forwarder is
 * deleted (and its deliveries with it) after the test, so no later test finds them due.
 */
async function queuedDeliveries(options: { url: string; due: Date; count?: number; tenantStatus?: "active" | "suspended" }) {
  const tenant = await createTenant(db, options.tenantStatus ?? "active");
  const device = await registerDevice(db, tenant.id);
  const forwarder = await createForwarder(db, tenant.id, { url: options.url });
  cleanups.push(() => withPlatform(db, async (tx) => void (await tx.delete(forwarders).where(eq(forwarders.id, forwarder.id)))));
  const events = Array.from({ length: options.count ?? 1 }, (_, i) => uplink({ devEui: device.devEui, at: secondsAfter(options.due, -60 + i) }));
  await storeEvents(db, events.map((event) => ({ event, connectionId: randomUUID() })), { decode: async (requests) => requests.map(() => ({ data: { temperature: 21.5 }, error: null })) });
  await withPlatform(db, (tx) => tx.update(forwardDeliveries).set({ nextAttemptAt: options.due }).where(eq(forwardDeliveries.forwarderId, forwarder.id)));
  return { tenant, device, forwarder };
}

function run(at: Date, deps: Partial<ForwardingDeps> = {}) {
  return runForwardingOnce({ db, policy: local, now: () => at, ...deps });
}

async function forwarderRow(id: string) {
  const [row] = await withPlatform(db, (tx) => tx.select().from(forwarders).where(eq(forwarders.id, id)));
  return row!;
}

describe("runForwardingOnce", () => {
  it("POSTs the event, signed with the forwarder's secret, and marks the delivery delivered", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const { device, forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t });

    expect(await run(t)).toEqual({ claimed: 1, delivered: 1, failed: 0 });

    expect(endpoint.requests).toHaveLength(1);
    const [request] = endpoint.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/hook");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["user-agent"]).toBe("Longreach-Forwarder");
    const signature = request!.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyDeliverySignature(forwarder.secret, request!.body, signature, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyDeliverySignature("another secret", request!.body, signature, Math.floor(Date.now() / 1000))).toBe(false);

    const [stored] = await withPlatform(db, (tx) => tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, device.id)));
    const [delivery] = await deliveriesOf(db, forwarder.id);
    const body = JSON.parse(request!.body) as ForwardedEvent;
    expect(request!.headers["longreach-delivery"]).toBe(String(delivery!.id));
    expect(body).toEqual({
      deliveryId: String(delivery!.id),
      eventId: String(stored!.id),
      kind: "uplink",
      occurredAt: stored!.occurredAt.toISOString(),
      receivedAt: stored!.receivedAt.toISOString(),
      device: { id: device.id, devEui: device.devEui, name: device.name },
      fCnt: stored!.fCnt,
      fPort: stored!.fPort,
      payload: Buffer.from(stored!.payload!).toString("base64"),
      decoded: { temperature: 21.5 },
      decodeError: null,
      radio: { spreadingFactor: stored!.spreadingFactor, bandwidthHz: stored!.bandwidthHz, frequencyHz: stored!.frequencyHz, airtimeMs: stored!.airtimeMs },
      signal: { rssi: stored!.rssi, snr: stored!.snr, gateways: stored!.gatewayCount },
    });
    expect(body.payload).not.toBeNull();

    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, lastError: null, deliveredAt: t, lastAttemptAt: t });
    expect(await forwarderRow(forwarder.id)).toMatchObject({ lastDeliveredAt: t, lastFailedAt: null, lastError: null });

    // Delivered is done: nothing is sent again, however much later.
    expect(await run(secondsAfter(t, 86_400))).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(endpoint.requests).toHaveLength(1);
  });

  it("tries a failed delivery again on the retry schedule, counting attempts, and shows the error on the forwarder", async () => {
    const endpoint = await receiver((index) => ({ status: index === 0 ? 500 : 200 }));
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t });

    expect(await run(t)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({
      status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500", nextAttemptAt: secondsAfter(t, RETRY_DELAYS_SECONDS[0]),
    });
    expect(await forwarderRow(forwarder.id)).toMatchObject({ lastDeliveredAt: null, lastFailedAt: t, lastError: "HTTP 500" });

    // Not due yet.
    expect(await run(secondsAfter(t, RETRY_DELAYS_SECONDS[0] - 1))).toEqual({ claimed: 0, delivered: 0, failed: 0 });

    const retried = secondsAfter(t, RETRY_DELAYS_SECONDS[0]);
    expect(await run(retried)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(endpoint.requests).toHaveLength(2);
    // The same delivery, so the receiver can tell a retry from a new event.
    expect(JSON.parse(endpoint.requests[1]!.body).deliveryId).toBe(JSON.parse(endpoint.requests[0]!.body).deliveryId);
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null, deliveredAt: retried });
    // The last failure stays on record, with its time, next to the later success.
    expect(await forwarderRow(forwarder.id)).toMatchObject({ lastDeliveredAt: retried, lastFailedAt: t, lastError: "HTTP 500" });
  });

  it("marks a delivery failed once the retry schedule has run out", async () => {
    const endpoint = await receiver(() => ({ status: 503 }));
    let at = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: at });

    for (let attempt = 1; attempt <= RETRY_DELAYS_SECONDS.length + 1; attempt++) {
      expect(await run(at)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
      const [delivery] = await deliveriesOf(db, forwarder.id);
      expect(delivery!.attempts).toBe(attempt);
      at = delivery!.nextAttemptAt;
    }
    const [delivery] = await deliveriesOf(db, forwarder.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_SECONDS.length + 1, lastStatus: 503, lastError: "HTTP 503" });
    expect(await run(secondsAfter(at, 7 * 86_400))).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(endpoint.requests).toHaveLength(RETRY_DELAYS_SECONDS.length + 1);
  });

  it("holds a suspended tenant's deliveries, and a disabled forwarder's, until they are active again", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const { tenant, forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t, tenantStatus: "suspended" });

    expect(await run(t)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    await withPlatform(db, (tx) => tx.update(tenants).set({ status: "active" }).where(eq(tenants.id, tenant.id)));
    await withPlatform(db, (tx) => tx.update(forwarders).set({ enabled: false }).where(eq(forwarders.id, forwarder.id)));
    expect(await run(t)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({ status: "pending", attempts: 0 });

    await withPlatform(db, (tx) => tx.update(forwarders).set({ enabled: true }).where(eq(forwarders.id, forwarder.id)));
    expect(await run(secondsAfter(t, 3600))).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(endpoint.requests).toHaveLength(1);
  });

  it("refuses to send to a host name that resolves to a private address unless private networks are allowed", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const url = endpoint.url().replace("127.0.0.1", "receiver.test");
    const { forwarder } = await queuedDeliveries({ url, due: t });
    const resolveHost = async (host: string) => (host === "receiver.test" ? ["127.0.0.1"] : []);

    expect(await run(t, { policy: { allowInsecure: true, allowPrivateNetworks: false }, resolveHost })).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(endpoint.requests).toHaveLength(0);
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({
      status: "pending", lastStatus: null, lastError: "refused: receiver.test resolves to 127.0.0.1, which is not a public address",
    });
    expect((await forwarderRow(forwarder.id)).lastError).toBe("refused: receiver.test resolves to 127.0.0.1, which is not a public address");
  });

  it("sends to a host name only when every address it resolves to is public, and says when it cannot be resolved", async () => {
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: "https://hooks.example.org/longreach", due: t });
    const sent: string[] = [];
    const fetchAnything = (async (url: string) => (sent.push(url), new Response(null, { status: 204 }))) as unknown as SendFetch;
    const strict: DestinationPolicy = { allowInsecure: false, allowPrivateNetworks: false };
    const resolvingTo = (...addresses: string[]) => async () => addresses;

    await run(t, { policy: strict, fetch: fetchAnything, resolveHost: resolvingTo("93.184.216.34", "fd00::7") });
    expect((await deliveriesOf(db, forwarder.id))[0]!.lastError).toBe("refused: hooks.example.org resolves to fd00::7, which is not a public address");
    const notFound = async () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND hooks.example.org"), { code: "ENOTFOUND" }));
    await run(secondsAfter(t, 3600), { policy: strict, fetch: fetchAnything, resolveHost: notFound });
    expect((await deliveriesOf(db, forwarder.id))[0]!.lastError).toBe("could not resolve hooks.example.org (ENOTFOUND)");
    expect(sent).toEqual([]);

    expect(await run(secondsAfter(t, 7200), { policy: strict, fetch: fetchAnything, resolveHost: resolvingTo("93.184.216.34", "2606:2800:220:1::") })).toMatchObject({ delivered: 1 });
    expect(sent).toEqual(["https://hooks.example.org/longreach"]);
  });

  it("refuses an address or a scheme the policy no longer allows, as saved URLs are checked again", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t });

    await run(t, { policy: { allowInsecure: true, allowPrivateNetworks: false } });
    expect((await deliveriesOf(db, forwarder.id))[0]!.lastError).toBe("refused: 127.0.0.1 is not a public address; events can only be sent to servers on the internet.");
    await run(secondsAfter(t, 3600), { policy: { allowInsecure: false, allowPrivateNetworks: true } });
    expect((await deliveriesOf(db, forwarder.id))[0]!.lastError).toBe("refused: The URL must start with https:// (events carry your devices' data).");
    expect(endpoint.requests).toHaveLength(0);
  });

  it("does not follow a redirect, and says so", async () => {
    const endpoint = await receiver(() => ({ status: 302, headers: { location: "/elsewhere" } }));
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t });

    expect(await run(t)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(endpoint.requests.map((r) => r.path)).toEqual(["/hook"]);
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({
      status: "pending", lastStatus: 302, lastError: "HTTP 302: redirects are not followed; set the endpoint's URL to the final address (/elsewhere)",
    });
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const endpoint = await receiver(() => "hang");
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t });

    expect(await run(t, { timeoutMs: 300 })).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({ status: "pending", lastStatus: null, lastError: "timed out after 0.3 s" });
  });

  it("still sends the events of a device deleted since, without its DevEUI and name", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const { device } = await queuedDeliveries({ url: endpoint.url(), due: t });
    await withPlatform(db, (tx) => tx.delete(devices).where(eq(devices.id, device.id)));

    expect(await run(t)).toMatchObject({ delivered: 1 });
    expect((JSON.parse(endpoint.requests[0]!.body) as ForwardedEvent).device).toEqual({ id: device.id, devEui: null, name: null });
  });

  it("sends many deliveries in one run, a full claim at most", async () => {
    const endpoint = await receiver();
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: endpoint.url(), due: t, count: CLAIM_LIMIT + 3 });

    expect(await run(t)).toEqual({ claimed: CLAIM_LIMIT, delivered: CLAIM_LIMIT, failed: 0 });
    expect(await run(t)).toEqual({ claimed: 3, delivered: 3, failed: 0 });
    const deliveries = await deliveriesOf(db, forwarder.id);
    expect(deliveries.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    expect(new Set(endpoint.requests.map((r) => r.headers["longreach-delivery"])).size).toBe(CLAIM_LIMIT + 3);
  });
});

describe("claimDeliveries", () => {
  it("keeps a claimed delivery from other claims until its lease runs out (a worker that died mid-send)", async () => {
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: "https://receiver.example.org/events", due: t });

    const [claimed] = await claimDeliveries(db, { limit: 10, now: t });
    expect(claimed).toMatchObject({ attempts: 1, forwarder: { id: forwarder.id, url: "https://receiver.example.org/events" } });
    expect(await claimDeliveries(db, { limit: 10, now: secondsAfter(t, CLAIM_LEASE_MS / 1000 - 1) })).toEqual([]);
    const [again] = await claimDeliveries(db, { limit: 10, now: secondsAfter(t, CLAIM_LEASE_MS / 1000) });
    expect(again).toMatchObject({ id: claimed!.id, attempts: 2 });
  });

  it("ignores a late outcome from a worker whose lease ran out: the worker that claimed it since decides", async () => {
    const t = historicalNow();
    const { forwarder } = await queuedDeliveries({ url: "https://receiver.example.org/events", due: t });
    const [slow] = await claimDeliveries(db, { limit: 10, now: t });
    const later = secondsAfter(t, CLAIM_LEASE_MS / 1000);
    const [fast] = await claimDeliveries(db, { limit: 10, now: later });

    await recordOutcomes(db, [{ delivery: fast!, outcome: { delivered: true, status: 204 } }], later);
    await recordOutcomes(db, [{ delivery: slow!, outcome: { delivered: false, status: null, error: "timed out after 10 s" } }], secondsAfter(later, 1));
    expect((await deliveriesOf(db, forwarder.id))[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 204, lastError: null });
  });

  describe.skipIf(!process.env.DATABASE_URL)("with several workers (PostgreSQL)", () => {
    it("never gives the same delivery to two claims at once", async () => {
      const t = historicalNow();
      const { forwarder } = await queuedDeliveries({ url: "https://receiver.example.org/events", due: t, count: 60 });

      const seen: string[] = [];
      for (let round = 0; round < 10 && seen.length < 60; round++) {
        const claims = await Promise.all(Array.from({ length: 4 }, () => claimDeliveries(db, { limit: 7, now: t })));
        seen.push(...claims.flat().map((d) => d.id));
      }
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
      expect((await deliveriesOf(db, forwarder.id)).every((d) => d.attempts === 1)).toBe(true);
    });

    it("skips deliveries another worker is claiming instead of waiting for it", async () => {
      const t = historicalNow();
      const { forwarder } = await queuedDeliveries({ url: "https://receiver.example.org/events", due: t, count: 10 });
      const ids = (await deliveriesOf(db, forwarder.id)).map((d) => d.id);

      // A claim still in its transaction holds row locks on the first four.
      const others = await withPlatform(db, async (tx) => {
        await tx.select().from(forwardDeliveries).where(inArray(forwardDeliveries.id, ids.slice(0, 4))).for("update");
        const waited = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the claim waited for the locked deliveries")), 5_000).unref());
        return Promise.race([claimDeliveries(db, { limit: 10, now: t }), waited]);
      });
      expect(others.map((d) => Number(d.id)).sort((a, b) => a - b)).toEqual(ids.slice(4));
    });
  });
});
