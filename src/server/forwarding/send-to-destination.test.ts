import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "../../../test/webhook-receiver";
import type { DestinationPolicy } from "@/domain/forwarding/destination";
import { sendToDestination, type ResolveHost } from "./send-to-destination";

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

const strict: DestinationPolicy = { allowInsecure: true, allowPrivateNetworks: false };
const target = (host: string) => ({ url: `http://${host}:${receiver.port}/hook`, secret: "s3cret", deliveryId: "42", body: "{}" });

/** A resolver that answers each call with the next of `answers` (and the last one from then on), counting its calls. */
function resolverAnswering(...answers: string[][]) {
  const calls: string[] = [];
  const resolve: ResolveHost = async (host) => (calls.push(host), answers[Math.min(calls.length, answers.length) - 1]!);
  return { resolve, calls };
}

describe("the address checked is the address connected to", () => {
  it("connects a host name to the addresses it resolved to, without asking DNS again", async () => {
    // receiver.test exists only in this resolver, so the request reaches the receiver only through the pinned address.
    const dns = resolverAnswering(["127.0.0.1"]);
    const outcome = await sendToDestination(target("receiver.test"), { policy: { ...strict, allowPrivateNetworks: true }, resolveHost: dns.resolve });
    expect(outcome).toEqual({ delivered: true, status: 200 });
    expect(dns.calls).toEqual(["receiver.test"]);
    expect(receiver.requests.at(-1)!.headers.host).toBe(`receiver.test:${receiver.port}`);
  });

  it("cannot be turned to an internal address between the check and the connection (DNS rebinding)", async () => {
    const before = receiver.requests.length;
    // Public when checked, loopback when asked again: a fetch that resolved the name itself would reach the receiver.
    const dns = resolverAnswering(["93.184.216.34"], ["127.0.0.1"]);
    const outcome = await sendToDestination(target("rebind.test"), { policy: strict, resolveHost: dns.resolve, timeoutMs: 1_000 });
    expect(outcome.delivered).toBe(false);
    expect(dns.calls).toEqual(["rebind.test"]);
    expect(receiver.requests.length).toBe(before);

    // The next attempt resolves afresh, and the internal answer is refused before anything is sent.
    const again = await sendToDestination(target("rebind.test"), { policy: strict, resolveHost: dns.resolve, timeoutMs: 1_000 });
    expect(again).toEqual({ delivered: false, status: null, error: "refused: rebind.test resolves to 127.0.0.1, which is not a public address" });
    expect(receiver.requests.length).toBe(before);
  });
});
