import Stripe from "stripe";

export interface StripeSettings { secretKey: string; apiBase?: string }

/**
 * The official SDK, pinned to its own API version. STRIPE_API_BASE points it elsewhere (the in-repo fake
 * in tests, stripe-mock or a proxy); without it the SDK talks to api.stripe.com. Retries are the SDK's:
 * it reuses one Idempotency-Key across retries of a POST, and our own keys make creates crash-safe.
 */
export function createStripe({ secretKey, apiBase }: StripeSettings): Stripe {
  const base = apiBase ? new URL(apiBase) : null;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
    appInfo: { name: "Longreach" },
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" } : {}),
  });
}

/** The meter every tenant's billable usage is reported to (see usage-reporter.ts for why it uses `last`). */
export const USAGE_METER_EVENT = "longreach_billable_credits";
