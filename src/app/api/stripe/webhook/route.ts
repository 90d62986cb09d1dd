import { getStripeSetup } from "@/server/stripe/stripe-setup";
import { handleStripeWebhook } from "@/server/stripe/webhook";

/** Stripe → Longreach events. The raw body is read untouched: the signature covers its exact bytes. */
export async function POST(req: Request) {
  const setup = await getStripeSetup();
  if (!setup?.webhookSecret) return Response.json({ error: "Stripe webhooks are not configured (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)." }, { status: 404 });
  const result = await handleStripeWebhook(setup.db, setup.stripe, await req.text(), req.headers.get("stripe-signature"), setup.webhookSecret, setup.mailer);
  return Response.json(result.body, { status: result.status });
}
