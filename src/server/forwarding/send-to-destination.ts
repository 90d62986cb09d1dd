import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { checkDestinationUrl, isPublicAddress, type DestinationPolicy } from "@/domain/forwarding/destination";
import { SIGNATURE_HEADER, signDelivery } from "@/domain/forwarding/signature";
import { DomainError } from "@/domain/errors";

/** Every address a host name resolves to. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export interface SendOptions {
  policy: DestinationPolicy;
  fetch?: typeof fetch;
  resolveHost?: ResolveHost;
  timeoutMs?: number;
}

/** `status` is the receiver's HTTP status, null when there was no answer; `error` is shown to the tenant. */
export type SendOutcome = { delivered: true; status: number } | { delivered: false; status: number | null; error: string };

export const SEND_TIMEOUT_MS = 10_000;

const resolveWithDns: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * POSTs one signed JSON body to a tenant's URL and says what happened, never throwing. The URL is
 * checked again under today's policy, and a host name's addresses are resolved first: DNS can point a
 * saved name at an internal address later. Redirects are not followed (they could lead anywhere);
 * only a 2xx answer counts as delivered.
 */
export async function sendToDestination(
  target: { url: string; secret: string; deliveryId: string; body: string },
  options: SendOptions,
): Promise<SendOutcome> {
  const problem = await destinationProblem(target.url, options);
  if (problem) return { delivered: false, status: null, error: problem };
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  try {
    const response = await (options.fetch ?? fetch)(target.url, {
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
  }
}

/** Why this URL cannot or may not be called now, or null when it may. */
async function destinationProblem(url: string, options: SendOptions): Promise<string | null> {
  try {
    checkDestinationUrl(url, options.policy);
  } catch (error) {
    if (error instanceof DomainError) return `refused: ${error.message}`;
    throw error;
  }
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (options.policy.allowPrivateNetworks || isIP(host)) return null;
  let addresses: string[];
  try {
    addresses = await (options.resolveHost ?? resolveWithDns)(host);
  } catch (error) {
    return `could not resolve ${host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const internal = addresses.find((address) => !isPublicAddress(address));
  if (internal) return `refused: ${host} resolves to ${internal}, which is not a public address`;
  return addresses.length ? null : `could not resolve ${host} (no addresses)`;
}

function httpError(response: Response): string {
  if (response.status >= 400) return `HTTP ${response.status}`;
  const location = response.headers.get("location");
  return `HTTP ${response.status}: redirects are not followed; set the endpoint's URL to the final address${location ? ` (${location.slice(0, 200)})` : ""}`;
}

function networkError(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `timed out after ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `could not connect (${cause?.code ?? cause?.message ?? (error as Error).message})`;
}
