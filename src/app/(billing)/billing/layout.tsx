import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { BillingModeBanner } from "@/components/billing/billing-mode-banner";
import { requireUser } from "@/server/auth/require-user";
import { stripeMode } from "@/server/stripe/stripe-setup";

export const dynamic = "force-dynamic";

const nav = [
  { href: "/billing", label: "Dashboard" },
  { href: "/billing/plans", label: "Plans" },
  { href: "/billing/accounts", label: "Accounts" },
  { href: "/billing/invoices", label: "Invoices" },
  { href: "/billing/reconciliation", label: "Reconciliation" },
];

/** The billing staff console (operators may look in too: they oversee billing staff). */
export default async function BillingLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/billing", (u) => u.platformRole === "billing" || u.platformRole === "operator");
  return (
    <AppShell area="Billing" nav={nav} user={user}>
      <BillingModeBanner stripeMode={stripeMode()} />
      {children}
    </AppShell>
  );
}
