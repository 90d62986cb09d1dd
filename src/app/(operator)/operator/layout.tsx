import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requireUser } from "@/server/auth/require-user";

export const dynamic = "force-dynamic";

const nav = [
  { href: "/operator", label: "Tenants" },
  { href: "/operator/network", label: "Network" },
  { href: "/operator/map", label: "Map" },
  { href: "/operator/gateways", label: "Gateways" },
  { href: "/operator/unclaimed", label: "Unclaimed traffic" },
  { href: "/operator/connections", label: "Connections" },
  { href: "/operator/provisioning", label: "Provisioning" },
  { href: "/operator/audit", label: "Audit log" },
];

export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/operator", (u) => u.platformRole === "operator");
  return (
    <AppShell area="Operator console" nav={nav} user={user}>
      {children}
    </AppShell>
  );
}
