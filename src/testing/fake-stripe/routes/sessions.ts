import type Stripe from "stripe";
import { invalidParam } from "../api-error";
import { mergeMetadata } from "../metadata";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { route } from "../router";

/** POST /v1/checkout/sessions (setup mode only), POST /v1/billing_portal/sessions */
export const sessionRoutes = [
  route("POST", "/v1/checkout/sessions", parseCheckout, (params, ctx): Stripe.Checkout.Session => {
    if (params.mode !== "setup") {
      throw invalidParam("mode", `This fake Stripe only supports Checkout in setup mode (got mode=${params.mode ?? "none"}); see src/testing/fake-stripe/README.md.`);
    }
    if (params.currency === undefined && params.allowed_payment_method_types === undefined) {
      throw invalidParam("currency", "currency is required in setup mode when allowed_payment_method_types is not set.");
    }
    if (params.customer !== undefined) ctx.store.customer(params.customer);
    const now = ctx.now();
    const id = newId("cs_test", 24);
    const session: Stripe.Checkout.Session = {
      id,
      object: "checkout.session",
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: null,
      allowed_payment_method_types: params.allowed_payment_method_types ?? null,
      amount_subtotal: null,
      amount_total: null,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: params.cancel_url ?? null,
      client_reference_id: params.client_reference_id ?? null,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency: params.currency ?? null,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: params.customer ?? null,
      customer_account: null,
      customer_creation: null,
      customer_details: null,
      customer_email: params.customer_email ?? null,
      discounts: null,
      expires_at: now + 24 * 3600,
      integration_identifier: null,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: null,
      managed_payments: null,
      metadata: mergeMetadata({}, params.metadata),
      mode: "setup",
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: null,
      payment_method_configuration_details: null,
      payment_method_options: null,
      payment_method_types: params.allowed_payment_method_types ?? ["card", "bacs_debit"],
      payment_status: "no_payment_required",
      permissions: null,
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: newId("seti", 24),
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: "open",
      submit_type: null,
      subscription: null,
      success_url: params.success_url ?? null,
      total_details: null,
      ui_mode: "hosted_page",
      url: `https://checkout.stripe.com/c/pay/${id}`,
      wallet_options: null,
    };
    ctx.store.checkoutSessions.set(id, session);
    return session;
  }),
  route(
    "POST",
    "/v1/billing_portal/sessions",
    (p): Stripe.BillingPortal.SessionCreateParams => ({ customer: p.requiredString("customer"), return_url: p.string("return_url"), configuration: p.string("configuration") }),
    (params, ctx): Stripe.BillingPortal.Session => {
      const customer = ctx.store.customer(params.customer ?? "");
      const id = newId("bps");
      const session: Stripe.BillingPortal.Session = {
        id,
        object: "billing_portal.session",
        configuration: params.configuration ?? "bpc_fake_default",
        created: ctx.now(),
        customer: customer.id,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: params.return_url ?? null,
        url: `https://billing.stripe.com/p/session/test_${id.slice(4)}`,
      };
      ctx.store.portalSessions.set(id, session);
      return session;
    },
  ),
];

function parseCheckout(p: Params): Stripe.Checkout.SessionCreateParams {
  return {
    mode: p.oneOf("mode", ["payment", "setup", "subscription"] as const),
    allowed_payment_method_types: p.strings("allowed_payment_method_types"),
    cancel_url: p.string("cancel_url"),
    client_reference_id: p.string("client_reference_id"),
    currency: p.string("currency"),
    customer: p.string("customer"),
    customer_email: p.string("customer_email"),
    metadata: p.metadata() || undefined,
    success_url: p.string("success_url"),
  };
}
