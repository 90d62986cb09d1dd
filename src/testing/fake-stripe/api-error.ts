import type Stripe from "stripe";

/** The `error` member of a Stripe v1 error body, typed by the SDK's own raw-error shape. */
export type WireError = Required<Pick<Stripe.StripeRawError, "type" | "message">> & Pick<Stripe.StripeRawError, "code" | "param" | "doc_url">;

/** Thrown by handlers; the server turns it into `{ error: {...} }` with this status and these headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: WireError,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function invalidRequest(message: string, extra: { code?: string; param?: string; headers?: Record<string, string> } = {}): ApiError {
  return new ApiError(400, { type: "invalid_request_error", message, code: extra.code, param: extra.param }, extra.headers);
}

export function missingParam(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });
}

export function invalidParam(param: string, message: string): ApiError {
  return invalidRequest(message, { code: "parameter_invalid", param });
}

/** Stripe's wording for a missing object, e.g. "No such customer: 'cus_123'". */
export function noSuch(kind: string, id: string, param = "id"): ApiError {
  return new ApiError(404, { type: "invalid_request_error", message: `No such ${kind}: '${id}'`, code: "resource_missing", param });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}). This fake Stripe only implements the endpoints listed in src/testing/fake-stripe/README.md.`,
  });
}
