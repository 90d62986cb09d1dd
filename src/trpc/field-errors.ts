/** The per-field messages the server attaches to BAD_REQUEST input errors, for showing beside each field. */
export function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  const data = (error as { data?: { fieldErrors?: Record<string, string[] | undefined> } } | null)?.data;
  return data?.fieldErrors ?? {};
}
