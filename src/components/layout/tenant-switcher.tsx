"use client";

import { useRouter } from "next/navigation";

/** People in several tenants switch here; the choice is the URL, so every tab can act in its own tenant. */
export function TenantSwitcher({ tenants, current }: { tenants: ReadonlyArray<{ slug: string; name: string }>; current: string }) {
  const router = useRouter();
  if (tenants.length < 2) return null;
  return (
    <label className="flex items-center gap-2 text-sm text-slate-300">
      <span className="sr-only">Switch tenant</span>
      <select
        value={current}
        onChange={(e) => router.push(`/t/${e.target.value}`)}
        className="rounded bg-slate-800 px-2 py-1 text-sm text-white ring-1 ring-slate-600"
      >
        {tenants.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
