import { DomainError } from "@/domain/errors";
import { restError, type RestReply } from "./rest-reply";

const STATUS: Record<DomainError["code"], number> = { BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 };

/**
 * A domain error (such as another tenant's device being "not found", or a DevEUI already taken) as the
 * status and message the caller gets; null for anything else, which is our fault and answered 500.
 */
export function domainErrorReply(error: unknown): RestReply | null {
  return error instanceof DomainError ? restError(STATUS[error.code], error.message) : null;
}
