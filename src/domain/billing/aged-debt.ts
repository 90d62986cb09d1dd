/**
 * Aged debt: open invoices grouped by how long they have been overdue, as a finance team reads its
 * sales ledger. An invoice is overdue once its due time has passed; `daysOverdue` counts whole days
 * since then (0 on the due day itself).
 */
export const AGE_BANDS = ["Not yet due", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface OpenInvoice {
  totalPence: number;
  dueAt: Date;
}

export function isOverdue(dueAt: Date, now: Date): boolean {
  return dueAt < now;
}

export function daysOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / 86_400_000));
}

export function ageBandOf(dueAt: Date, now: Date): AgeBand {
  if (!isOverdue(dueAt, now)) return "Not yet due";
  const days = daysOverdue(dueAt, now);
  return days <= 30 ? "1–30 days" : days <= 60 ? "31–60 days" : days <= 90 ? "61–90 days" : "Over 90 days";
}

/** Totals of all open invoices, overdue ones, and each age band (every band listed, empty ones too). */
export function agedDebt(invoices: readonly OpenInvoice[], now: Date) {
  const bands = AGE_BANDS.map((label) => ({ label, count: 0, pence: 0 }));
  for (const invoice of invoices) {
    const entry = bands[AGE_BANDS.indexOf(ageBandOf(invoice.dueAt, now))]!;
    entry.count++;
    entry.pence += invoice.totalPence;
  }
  // Every band but the first is overdue; the totals are the bands' sums.
  const sum = (list: typeof bands, key: "count" | "pence") => list.reduce((total, band) => total + band[key], 0);
  const overdue = bands.slice(1);
  return { count: sum(bands, "count"), pence: sum(bands, "pence"), overdueCount: sum(overdue, "count"), overduePence: sum(overdue, "pence"), bands };
}
