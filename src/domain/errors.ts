/**
 * Errors the domain and the data layer raise; the API layers (tRPC, HTTP) map them to status codes.
 * Messages are written for the person who will read them: what was wrong and what is accepted.
 */
export class DomainError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_REQUEST" | "TOO_MANY_REQUESTS",
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const invalid = (message: string) => new DomainError("BAD_REQUEST", message);
