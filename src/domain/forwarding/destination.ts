import { BlockList, isIP } from "node:net";
import { invalid } from "@/domain/errors";

export interface DestinationPolicy {
  /** Plain http:// allowed (development, or receivers on a private network the council trusts). */
  allowInsecure: boolean;
  /** Loopback, private, link-local and other non-public addresses allowed. */
  allowPrivateNetworks: boolean;
}

/**
 * A tenant-supplied webhook URL, checked before it is saved: https (unless allowed otherwise), no
 * credentials in it, and not an address inside the council's network — otherwise any tenant could make
 * the platform send requests to its internal services or the cloud metadata endpoint. Host names are
 * resolved and checked again at delivery (isPublicAddress), because DNS can change after saving.
 */
export function checkDestinationUrl(input: string, policy: DestinationPolicy): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw invalid(`'${input.slice(0, 200)}' is not a URL; enter the full address, e.g. https://example.com/longreach/events.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowInsecure)) {
    throw invalid(policy.allowInsecure ? "The URL must start with https:// or http://." : "The URL must start with https:// (events carry your devices' data).");
  }
  if (url.username || url.password) throw invalid("Leave user name and password out of the URL; requests are signed with the secret instead.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!policy.allowPrivateNetworks && (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && !isPublicAddress(host)))) {
    throw invalid(`${host} is not a public address; events can only be sent to servers on the internet.`);
  }
  url.hash = "";
  return url.toString();
}

/**
 * False for loopback, private, link-local, carrier-grade NAT, multicast, reserved and unspecified
 * addresses, in any notation: URL writes [::ffff:10.0.0.1] as [::ffff:a00:1], and ::1 can be spelt
 * 0:0:0:0:0:0:0:1, so addresses are compared parsed (node:net's BlockList, which also matches IPv4
 * ranges against IPv4-mapped IPv6 addresses), never as text.
 */
export function isPublicAddress(ip: string): boolean {
  const version = isIP(ip);
  return version !== 0 && !NOT_PUBLIC.check(ip, version === 4 ? "ipv4" : "ipv6");
}

const NOT_PUBLIC = new BlockList();
for (const [base, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(base, bits, "ipv4");
// ::/96 holds the unspecified and loopback addresses and the deprecated IPv4-compatible ones; then local-use
// NAT64 (RFC 8215), discard-only, documentation, unique local, link-local, the deprecated site-local range
// (still routed inside some networks) and multicast.
for (const [base, bits] of [
  ["::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC.addSubnet(base, bits, "ipv6");
