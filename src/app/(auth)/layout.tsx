import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center bg-gradient-to-br from-slate-900 to-teal-900 px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-bold tracking-tight text-white">
          <span aria-hidden className="mr-2 inline-grid size-8 place-items-center rounded bg-teal-400 text-slate-900">
            L
          </span>
          Longreach
        </p>
        <div className="rounded-xl bg-white p-8 shadow-xl">{children}</div>
      </div>
    </main>
  );
}
