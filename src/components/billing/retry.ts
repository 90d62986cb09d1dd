const FINAL = new Set(["NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED", "BAD_REQUEST"]);

/** tRPC error code of a failed request, if any. */
export const errorCode = (error: unknown) => (error as { data?: { code?: string } } | null)?.data?.code;

/** Retry a failed query once or twice, but not when the answer is final (no such invoice, no access). */
export const retryUnlessRefused = (failureCount: number, error: unknown) => failureCount < 2 && !FINAL.has(errorCode(error) ?? "");
