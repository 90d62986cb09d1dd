import Stripe from "stripe";

const signer = new Stripe("sk_test_webhook_signer");

/**
 * The `stripe-signature` header value for a webhook body, made by the SDK's own
 * `generateTestHeaderString`, so `stripe.webhooks.constructEvent(payload, header, secret)` accepts it.
 * `timestamp` (unix seconds) defaults to now; pass an old one to test the 300 s tolerance.
 */
export function signWebhook(payload: string, secret: string, timestamp?: number): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
