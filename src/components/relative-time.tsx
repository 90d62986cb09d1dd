const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const relative = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });

const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

/** "3 minutes ago", "yesterday": how long ago `date` was, coarsened to the largest sensible unit. */
export function formatRelative(date: Date, now = new Date()): string {
  let amount = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return absolute.format(date);
}

/** A time shown relative to now, with the exact time on hover and for machines; `fallback` when there is none. */
export function RelativeTime({ date, fallback = "never" }: { date: Date | null; fallback?: string }) {
  if (!date) return <span className="text-slate-400">{fallback}</span>;
  return (
    <time dateTime={date.toISOString()} title={absolute.format(date)}>
      {formatRelative(date)}
    </time>
  );
}
