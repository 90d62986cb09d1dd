import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "./sign-out-button";

export interface NavItem { href: string; label: string }

/** The frame every signed-in page shares: who you are, where you are, where you can go. */
export function AppShell({ area, nav, user, switcher, children }: { area: string; nav: NavItem[]; user: { name: string; email: string }; switcher?: ReactNode; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="bg-slate-900 text-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-bold tracking-tight">
            <span aria-hidden className="grid size-7 place-items-center rounded bg-teal-500 text-slate-900">
              L
            </span>
            Longreach <span className="font-normal text-slate-400">· {area}</span>
          </Link>
          <nav aria-label={`${area} navigation`} className="flex flex-wrap gap-1">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="rounded px-2 py-1 text-sm text-slate-300 hover:bg-slate-800 hover:text-white">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            {switcher}
            <span className="text-sm text-slate-400" title={user.email}>
              {user.name}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
