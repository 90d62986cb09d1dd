import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { TenantSwitcher } from "@/components/layout/tenant-switcher";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { requireUser } from "@/server/auth/require-user";
import { getDatabase, withTenant } from "@/server/db";
import { hasWasteDashboard } from "@/server/waste/waste-dashboard";

export const dynamic = "force-dynamic";

/**
 * The tenant portal frame. A person who isn't a member gets a plain 404: the page doesn't say whether
 * the tenant exists.
 */
export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/t/${slug}`, () => true);
  const tenant = user.tenants.find((t) => t.slug === slug);
  if (!tenant) notFound();
  const db = await getDatabase();
  const waste = await withTenant(db, { tenantId: tenant.id, userId: user.id }, (tx) => hasWasteDashboard(tx, tenant.id));
  const nav = [
    { href: `/t/${slug}`, label: "Overview" },
    { href: `/t/${slug}/devices`, label: "Devices" },
    ...(waste ? [{ href: `/t/${slug}/waste`, label: "Waste collection" }] : []),
    { href: `/t/${slug}/alerts`, label: "Alerts" },
    { href: `/t/${slug}/device-profiles`, label: "Device profiles" },
    { href: `/t/${slug}/integrations`, label: "Integrations" },
    { href: `/t/${slug}/team`, label: "Team" },
    ...(hasTenantRole(tenant.role, "admin") ? [{ href: `/t/${slug}/billing`, label: "Billing" }] : []),
  ];
  return (
    <AppShell area={tenant.name} nav={nav} user={user} switcher={<TenantSwitcher tenants={user.tenants} current={slug} />}>
      {tenant.status === "suspended" && (
        <div role="alert" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          This organisation is suspended. Your devices' traffic is still received, but it isn't shown or forwarded until the account is settled.
        </div>
      )}
      {children}
    </AppShell>
  );
}
