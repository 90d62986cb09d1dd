"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/operator/provisioning", label: "Queue" },
  { href: "/operator/provisioning/drift", label: "Drift check" },
  { href: "/operator/provisioning/adopt", label: "Adopt an application" },
];

/** The provisioning pages' own navigation. */
export function ProvisioningTabs() {
  const path = usePathname();
  return (
    <nav aria-label="Provisioning" className="mb-6 flex gap-1 border-b border-slate-200 text-sm">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={path === tab.href ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${path === tab.href ? "border-teal-700 font-semibold text-teal-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
