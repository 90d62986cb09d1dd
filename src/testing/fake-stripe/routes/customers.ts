import type Stripe from "stripe";
import { invalidParam } from "../api-error";
import { newId } from "../object-ids";
import type { Params } from "../param-readers";
import { mergeMetadata } from "../metadata";
import { pathParam, route } from "../router";

/** POST /v1/customers, GET /v1/customers/:id, POST /v1/customers/:id */
export const customerRoutes = [
  route("POST", "/v1/customers", parseCreate, (params, ctx): Stripe.Customer => {
    const id = newId("cus");
    const customer: Stripe.Customer = {
      id,
      object: "customer",
      address: params.address ? toAddress(params.address) : null,
      balance: params.balance ?? 0,
      created: ctx.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: params.description ?? null,
      email: params.email ?? null,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
      invoice_settings: {
        custom_fields: customFields(params.invoice_settings?.custom_fields) ?? null,
        default_payment_method: params.invoice_settings?.default_payment_method ?? null,
        footer: params.invoice_settings?.footer ?? null,
        rendering_options: null,
      },
      livemode: false,
      metadata: mergeMetadata({}, params.metadata),
      name: params.name ?? null,
      next_invoice_sequence: 1,
      phone: params.phone ?? null,
      preferred_locales: params.preferred_locales ?? [],
      shipping: null,
      tax_exempt: "none",
      test_clock: null,
    };
    ctx.store.customers.set(id, customer);
    return customer;
  }),
  route("GET", "/v1/customers/:id", () => ({}), (_params, ctx): Stripe.Customer => ctx.store.customer(pathParam(ctx, "id"), "id")),
  route("POST", "/v1/customers/:id", parseUpdate, (params, ctx): Stripe.Customer => {
    const customer = ctx.store.customer(pathParam(ctx, "id"), "id");
    if (params.address !== undefined) customer.address = params.address === "" || params.address === null ? null : toAddress(params.address);
    if (params.description !== undefined) customer.description = params.description;
    if (params.email !== undefined) customer.email = params.email;
    if (params.name !== undefined) customer.name = params.name;
    if (params.phone !== undefined) customer.phone = params.phone;
    if (params.preferred_locales !== undefined) customer.preferred_locales = params.preferred_locales;
    if (params.metadata !== undefined) customer.metadata = mergeMetadata(customer.metadata, params.metadata);
    const settings = params.invoice_settings;
    if (settings?.custom_fields !== undefined) customer.invoice_settings.custom_fields = customFields(settings.custom_fields) ?? null;
    if (settings?.default_payment_method !== undefined) customer.invoice_settings.default_payment_method = settings.default_payment_method;
    if (settings?.footer !== undefined) customer.invoice_settings.footer = settings.footer;
    return customer;
  }),
];

function parseCreate(p: Params): Stripe.CustomerCreateParams {
  return {
    address: readAddress(p),
    balance: p.int("balance"),
    description: p.string("description"),
    email: p.string("email"),
    invoice_settings: readInvoiceSettings(p),
    metadata: p.metadata(),
    name: p.string("name"),
    phone: p.string("phone"),
    preferred_locales: p.strings("preferred_locales"),
    tax_id_data: p.objects("tax_id_data")?.map((datum) => ({ type: datum.requiredString("type"), value: datum.requiredString("value") })),
  };
}

function parseUpdate(p: Params): Stripe.CustomerUpdateParams {
  return {
    address: readAddress(p),
    description: p.string("description"),
    email: p.string("email"),
    invoice_settings: readInvoiceSettings(p),
    metadata: p.metadata(),
    name: p.string("name"),
    phone: p.string("phone"),
    preferred_locales: p.strings("preferred_locales"),
  };
}

function readAddress(p: Params): Stripe.Emptyable<Stripe.AddressParam> | undefined {
  if (!p.has("address")) return undefined;
  if (p.isEmpty("address")) return "";
  const a = p.requiredObject("address");
  return {
    city: a.string("city"),
    country: a.string("country"),
    line1: a.string("line1"),
    line2: a.string("line2"),
    postal_code: a.string("postal_code"),
    state: a.string("state"),
  };
}

function readInvoiceSettings(p: Params): Stripe.CustomerCreateParams.InvoiceSettings | undefined {
  const s = p.object("invoice_settings");
  if (s === undefined) return undefined;
  const fields = s.isEmpty("custom_fields") ? "" : s.objects("custom_fields")?.map((f) => ({ name: f.requiredString("name"), value: f.requiredString("value") }));
  if (fields !== undefined && fields !== "" && fields.length > 4) {
    throw invalidParam("invoice_settings[custom_fields]", "Invalid invoice_settings[custom_fields]: at most 4 custom fields are allowed.");
  }
  for (const field of fields === "" ? [] : (fields ?? [])) {
    if (field.name.length > 40 || field.value.length > 140) {
      throw invalidParam("invoice_settings[custom_fields]", "Invalid custom field: name must be at most 40 characters and value at most 140.");
    }
  }
  return { custom_fields: fields, default_payment_method: s.string("default_payment_method"), footer: s.string("footer") };
}

function toAddress(a: Stripe.AddressParam): Stripe.Address {
  return {
    city: a.city ?? null,
    country: a.country ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}

function customFields(fields: Stripe.Emptyable<Stripe.CustomerCreateParams.InvoiceSettings.CustomField[]> | undefined) {
  if (fields === undefined) return undefined;
  return fields === "" || fields === null ? null : fields.map((field) => ({ name: field.name, value: field.value }));
}
