/**
 * Rows of a raw `tx.execute(sql…)` result. postgres.js returns the rows themselves, PGlite an object
 * with `rows`; this is the one place that knows.
 */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
