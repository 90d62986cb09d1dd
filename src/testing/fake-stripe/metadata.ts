import type Stripe from "stripe";

/** Stripe metadata update semantics: "" clears everything; a key set to "" is removed; others merge. */
export function mergeMetadata(current: Stripe.Metadata, update: Stripe.Emptyable<Stripe.MetadataParam> | undefined): Stripe.Metadata {
  if (update === undefined) return current;
  if (update === "" || update === null) return {};
  const next: Stripe.Metadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === "" || value === null) delete next[key];
    else next[key] = String(value);
  }
  return next;
}
