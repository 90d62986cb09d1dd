import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { openTestDatabase } from "../../../../../test/database";
import { createTenant } from "../../../../../test/factories";
import { withPlatform } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { stripeEvents, tenantBilling } from "@/server/db/schema";
import { startFakeStripe, type FakeStripe } from "@/testing/fake-stripe";
import { signWebhook } from "@/testing/fake-stripe/webhook";

// Stripe mode for this file: set before any module reads the environment.
vi.hoisted(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_route";
  process.env.STRIPE_WEBHOOK_SECRET = "whsec_route_test";
});

let handle: DatabaseHandle;
let fake: FakeStripe;
const shared = globalThis as unknown as { longreachDb?: Promise<DatabaseHandle>; longreachStripe?: Stripe };

beforeAll(async () => {
  handle = await openTestDatabase();
  fake = await startFakeStripe();
  // The route opens the app's database and Stripe client through these process-wide caches.
  shared.longreachDb = Promise.resolve(handle);
  shared.longreachStripe = fake.client();
});
afterAll(async () => {
  await fake.close();
  await handle.close();
});

async function post(body: string, signature: string | null) {
  const { POST } = await import("./route");
  return POST(new Request("http://localhost/api/stripe/webhook", { method: "POST", body, headers: signature ? { "stripe-signature": signature } : {} }));
}

it("verifies the signature on the raw body, applies the event once, and refuses forgeries", async () => {
  const tenant = await createTenant(handle.db);
  const customer = await shared.longreachStripe!.customers.create({ name: tenant.name });
  await withPlatform(handle.db, (tx) => tx.insert(tenantBilling).values({ tenantId: tenant.id, stripeCustomerId: customer.id }));
  const event = fake.buildEvent("checkout.session.completed", { id: "cs_test_route", object: "checkout.session", customer: customer.id } as Stripe.Checkout.Session);
  const payload = JSON.stringify(event);

  const first = await post(payload, signWebhook(payload, "whsec_route_test"));
  expect(first.status).toBe(200);
  expect(await first.json()).toMatchObject({ received: true, handled: "checkout_completed" });
  const replay = await post(payload, signWebhook(payload, "whsec_route_test"));
  expect(await replay.json()).toMatchObject({ duplicate: true });

  const tampered = payload.replace(customer.id, "cus_someone_else");
  const forged = await post(tampered, signWebhook(payload, "whsec_route_test"));
  expect(forged.status).toBe(400);
  expect((await forged.json()).error).toMatch(/signature/i);
  expect((await post(payload, null)).status).toBe(400);

  const stored = await withPlatform(handle.db, (tx) => tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id)));
  expect(stored).toHaveLength(1);
});
