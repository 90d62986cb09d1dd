import { lookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, fetch as undiciFetch, type Dispatcher } from "undici";
import { checkDestinationUrl, isPublicAddress, type DestinationPolicy } from "@/domain/forwarding/destination";
import { SIGNATURE_HEADER, signDelivery } from "@/domain/forwarding/signature";
import { DomainError } from "@/domain/errors";

/** Every address a host name resolves to. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** The fetch sendToDestination calls: undici's (it honours `dispatcher`), or a stand-in in tests. */
export type SendFetch = (url: string, init: RequestInit & { dispatcher?: Dispatcher }) => Promise<{ status: number; headers: { get(name: string): string | null }; body: { cancel(): Promise<void> } | null }>;

export interface SendOptions {
  policy: DestinationPolicy;
  fetch?: SendFetch;
  resolveHost?: ResolveHost;
  timeoutMs?: number;
}

/** `status` is the receiver's HTTP status, null when there was no answer; `error` is shown to the tenant. */
export type SendOutcome = { delivered: true; status: number } | { delivered: false; status: number | null; error: string };

export const SEND_TIMEOUT_MS = 10_000;

const resolveWithDns: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * POSTs one signed JSON body to a tenant's URL and says what happened, never throwing. The URL is
 * checked again under today's policy, and a host name's addresses are resolved and checked first: DNS
 * can point a saved name at an internal address later. The connection then goes to exactly the
 * addresses that were checked (a dispatcher whose lookup answers with them), never to a second
 * resolution, so a name that answers "public" to the check and "internal" a moment later (DNS
 * rebinding) cannot reach the internal one. Redirects are not followed (they could lead anywhere);
 * only a 2xx answer counts as delivered.
 */
export async function sendToDestination(
  target: { url: string; secret: string; deliveryId: string; body: string },
  options: SendOptions,
): Promise<SendOutcome> {
  const destination = await checkedDestination(target.url, options);
  if ("problem" in destination) return { delivered: false, status: null, error: destination.problem };
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const dispatcher = destination.addresses ? pinnedTo(destination.host, destination.addresses) : undefined;
  try {
    const response = await (options.fetch ?? undiciFetch)(target.url, {
      dispatcher,
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Longreach-Forwarder",
        "Longreach-Delivery": target.deliveryId,
        [SIGNATURE_HEADER]: signDelivery(target.secret, target.body, Math.floor(Date.now() / 1000)),
      },
      body: target.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Only the status matters; cancelling the body frees the connection without waiting for it.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
    return { delivered: false, status: response.status, error: httpError(response) };
  } catch (error) {
    return { delivered: false, status: null, error: networkError(error, timeoutMs) };
  } finally {
    await dispatcher?.destroy().catch(() => {});
  }
}

/**
 * The URL's host and the addresses to connect it to (none for an IP address, which the URL check
 * covers), or why it cannot or may not be called now. Every address must be public unless private
 * networks are allowed: any one of them could be the one connected to.
 */
async function checkedDestination(url: string, options: SendOptions): Promise<{ host: string; addresses: string[] | null } | { problem: string }> {
  try {
    checkDestinationUrl(url, options.policy);
  } catch (error) {
    if (error instanceof DomainError) return { problem: `refused: ${error.message}` };
    throw error;
  }
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return { host, addresses: null };
  let addresses: string[];
  try {
    addresses = await (options.resolveHost ?? resolveWithDns)(host);
  } catch (error) {
    return { problem: `could not resolve ${host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const internal = options.policy.allowPrivateNetworks ? undefined : addresses.find((address) => !isPublicAddress(address));
  if (internal) return { problem: `refused: ${host} resolves to ${internal}, which is not a public address` };
  return addresses.length ? { host, addresses } : { problem: `could not resolve ${host} (no addresses)` };
}

/** A one-request connection pool that reaches `host` only at `addresses` (TLS still verifies the name). */
function pinnedTo(host: string, addresses: string[]): Agent {
  const lookup: LookupFunction = (hostname, options, callback) => {
    if (hostname !== host) return callback(Object.assign(new Error(`not resolving ${hostname}: only ${host} was checked`), { code: "ENOTFOUND" }), "", 0);
    const all = addresses.map((address) => ({ address, family: isIP(address) }));
    if (options.all) return (callback as unknown as (error: null, all: Array<{ address: string; family: number }>) => void)(null, all);
    callback(null, all[0]!.address, all[0]!.family);
  };
  return new Agent({ connect: { lookup }, connections: 1 });
}

function httpError(response: { status: number; headers: { get(name: string): string | null } }): string {
  if (response.status >= 400) return `HTTP ${response.status}`;
  const location = response.headers.get("location");
  return `HTTP ${response.status}: redirects are not followed; set the endpoint's URL to the final address${location ? ` (${location.slice(0, 200)})` : ""}`;
}

function networkError(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `timed out after ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `could not connect (${cause?.code ?? cause?.message ?? (error as Error).message})`;
}
