import type { z } from "zod";
import type { ApiKeyActor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import type { ApiKeyPrincipal } from "./api-key-authentication";
import type { RestReply } from "./rest-reply";

/**
 * One REST operation, declared once: the route handlers serve it, the request is validated with its
 * zod schemas, and the OpenAPI document is generated from the same schemas, so the documentation
 * cannot drift from what the handler accepts and answers.
 */

export type HttpMethod = "get" | "post" | "patch" | "delete";
/** `write` needs a read-write key. */
export type Access = "read" | "write";
export type ApiTag = "Devices" | "Device profiles" | "Usage" | "Invoices";
/** Errors an operation may answer besides those every operation can (401, 403, 429, 500, 503). */
export type OperationErrorStatus = 400 | 404 | 409 | 415 | 422;

// Query and path parameters arrive as text, so their schemas take strings (or nothing).
type ParameterObject = z.ZodObject<Record<string, z.ZodType<unknown, string | undefined>>>;
type NoParameters = z.ZodObject<Record<never, never>>;

export interface Success<Body> { status: 200 | 201 | 204; body: Body; headers?: Record<string, string> }

export interface OperationCall<Query, Params, Body> {
  /** The key's tenant's transaction (withTenant), so row-level security applies to everything read or written. */
  tx: Database;
  key: ApiKeyPrincipal;
  /** Who the audit log names for a change: the key. */
  actor: ApiKeyActor;
  query: Query;
  params: Params;
  body: Body;
}

export interface OperationSpec<Q extends ParameterObject, P extends ParameterObject, B extends z.ZodType, S extends z.ZodType> {
  operationId: string;
  method: HttpMethod;
  /** Under /api/v1, with OpenAPI's {name} for path parameters, e.g. /devices/{devEui}. */
  path: `/${string}`;
  tag: ApiTag;
  summary: string;
  description: string;
  access: Access;
  /** POST only: an `Idempotency-Key` header makes a retry answer as the first request did, without doing the work again. */
  idempotent?: boolean;
  query?: Q;
  params?: P;
  body?: B;
  success: { status: 200 | 201 | 204; description: string; schema: S; headers?: Record<string, string> };
  errors: Partial<Record<OperationErrorStatus, string>>;
  /** Throws a DomainError for anything the caller can act on (404, 409, …); it becomes that status and message. */
  handle(call: OperationCall<z.output<Q>, z.output<P>, z.output<B>>): Promise<Success<z.output<S>>>;
}

/** An operation with its types erased, as the pipeline and the document generator see it. */
export type ApiOperation = Omit<OperationSpec<ParameterObject, ParameterObject, z.ZodType, z.ZodType>, "handle"> & {
  handle(call: OperationCall<unknown, unknown, unknown>): Promise<RestReply>;
};

/** Checks the handler against its schemas (parsed input in, the success schema's shape out). */
export function defineOperation<Q extends ParameterObject = NoParameters, P extends ParameterObject = NoParameters, B extends z.ZodType = z.ZodUndefined, S extends z.ZodType = z.ZodNull>(
  spec: OperationSpec<Q, P, B, S>,
): ApiOperation {
  return spec as unknown as ApiOperation;
}
