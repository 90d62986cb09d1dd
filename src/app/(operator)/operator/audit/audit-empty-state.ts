/**
 * What the audit log says when it shows no entries: with no filter set nothing has been recorded yet
 * (and what will be), with filters set none of the entries match them (and how to see more).
 */
export function auditEmptyState({ filtered, tenantScoped }: { filtered: boolean; tenantScoped: boolean }) {
  if (filtered) return { title: "No entries match these filters", hint: "Clear a filter or widen the dates to see more." };
  return {
    title: tenantScoped ? "Nothing recorded for this tenant yet" : "Nothing recorded yet",
    hint: "Administrative actions — onboarding, team and plan changes, suspensions, invoices issued and paid — are recorded here as they happen.",
  };
}
