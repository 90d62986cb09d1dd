import Link from "next/link";
import type { ReactNode } from "react";

const tones = { default: "text-slate-900", good: "text-emerald-700", warn: "text-amber-700", bad: "text-red-700" };

/** One headline number with its label, an optional detail line, and an optional link to the list behind it. */
export function StatCard({ label, value, detail, href, tone = "default" }: { label: string; value: ReactNode; detail?: ReactNode; href?: string; tone?: keyof typeof tones }) {
  const body = (
    <>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className={`mt-1 text-3xl font-semibold tabular-nums tracking-tight ${tones[tone]}`}>{value}</dd>
      {detail && <dd className="mt-1 text-xs text-slate-500">{detail}</dd>}
    </>
  );
  const frame = "block rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200";
  return href ? (
    <Link href={href} className={`${frame} hover:ring-teal-600 focus-visible:outline-2 focus-visible:outline-teal-700`}>
      <dl>{body}</dl>
    </Link>
  ) : (
    <dl className={frame}>{body}</dl>
  );
}

const columnClasses = { 4: "sm:grid-cols-2 lg:grid-cols-4", 5: "sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5" };

/** A responsive row of StatCards (four by default). */
export function StatGrid({ children, columns = 4 }: { children: ReactNode; columns?: keyof typeof columnClasses }) {
  return <div className={`mb-6 grid gap-4 ${columnClasses[columns]}`}>{children}</div>;
}
