import type { DestinationPolicy } from "@/domain/forwarding/destination";
import { env } from "@/env";

/**
 * Where tenants' events may be sent, from the environment: read here only, so the check when a URL is
 * saved and the check before every delivery can never disagree. Both default to the strict setting
 * (https only, public addresses only), in the embedded mode too: a demo server is often on the
 * council's network.
 */
export function destinationPolicy(): DestinationPolicy {
  return { allowInsecure: env.FORWARDING_ALLOW_HTTP, allowPrivateNetworks: env.FORWARDING_ALLOW_PRIVATE_NETWORKS };
}
