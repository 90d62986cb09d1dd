import type Stripe from "stripe";
import { env } from "@/env";
import { getDatabase, type Database } from "@/server/db";
import { createMailer, type Mailer } from "@/server/mail/mailer";
import { createStripe } from "./stripe-client";

export interface StripeSetup { stripe: Stripe; webhookSecret: string | null; db: Database; mailer: Mailer }

const cache = globalThis as unknown as { longreachStripe?: Stripe };

/** Stripe mode when STRIPE_SECRET_KEY is set; otherwise null and billing runs in local mode. */
export async function getStripeSetup(): Promise<StripeSetup | null> {
  if (!env.STRIPE_SECRET_KEY) return null;
  cache.longreachStripe ??= createStripe({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE });
  return { stripe: cache.longreachStripe, webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null, db: await getDatabase(), mailer: createMailer() };
}

export const stripeMode = () => Boolean(env.STRIPE_SECRET_KEY);
