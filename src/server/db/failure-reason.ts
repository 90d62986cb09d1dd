/**
 * Why a statement failed, in the database's own words: drizzle wraps the driver's error in one whose
 * message is "Failed query: <the SQL and its parameters>", which says nothing a person can act on.
 */
export function failureReason(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  if (typeof cause?.message === "string" && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
