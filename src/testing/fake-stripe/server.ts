import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, unrecognizedUrl, type WireError } from "./api-error";
import type { FailureQueue } from "./failures";
import { decodeForm, FormDecodeError } from "./form-decode";
import type { IdempotencyStore, StoredResponse } from "./idempotency";
import type { Route } from "./router";
import type { RequestRecord, Store } from "./store";

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDeps {
  readonly store: Store;
  readonly routes: readonly Route[];
  readonly failures: FailureQueue;
  readonly idempotency: IdempotencyStore;
  now(): number;
  readonly latencyMs: number;
}

/** Starts the loopback HTTP server; resolves with the server and its port. */
export async function listen(deps: ServerDeps): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      send(res, 500, errorBody({ type: "api_error", message: `Fake Stripe crashed: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const body = await readBody(req);
  if (deps.latencyMs) await new Promise((resolve) => setTimeout(resolve, deps.latencyMs));
  const idempotencyKey = header(req, "idempotency-key");
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: url.search.slice(1),
    idempotencyKey,
    stripeVersion: header(req, "stripe-version"),
    status: null,
    receivedAt: deps.now(),
    injected: deps.failures.take(url.pathname),
    replayed: false,
    ignoredParams: [],
  };
  deps.store.requests.push(record);
  const reply = (status: number, payload: string, headers: Record<string, string> = {}) => {
    record.status = status;
    send(res, status, payload, { ...(record.stripeVersion === null ? {} : { "stripe-version": record.stripeVersion }), ...headers });
  };

  if (record.injected === "timeout") return; // never answer; the client's timeout fires, close() drops the socket
  if (record.injected === "500") {
    return reply(500, errorBody({ type: "api_error", message: "An unexpected error occurred (failure injected by fake Stripe)." }));
  }
  if (record.injected === "429") {
    const message = "Request rate limit exceeded (failure injected by fake Stripe). Retry after the Retry-After interval.";
    return reply(429, errorBody({ type: "invalid_request_error", code: "rate_limit", message }), { "retry-after": "1" });
  }

  try {
    const auth = header(req, "authorization") ?? "";
    if (!/^Bearer sk_test_\S+$/.test(auth)) {
      throw new ApiError(401, { type: "authentication_error", message: "Invalid API Key provided: the fake accepts any sk_test_ key as a Bearer token." });
    }
    if (method === "POST" && idempotencyKey !== null) {
      const saved = deps.idempotency.replay(idempotencyKey, method, url.pathname, body, deps.now());
      if (saved !== null) {
        record.replayed = true;
        return reply(saved.status, saved.body, { "idempotent-replayed": "true", "idempotency-key": idempotencyKey });
      }
    }
    const response = dispatch(deps, record, method === "POST" ? body : url.search.slice(1));
    if (method === "POST" && idempotencyKey !== null) deps.idempotency.save(idempotencyKey, method, url.pathname, body, response, deps.now());
    return reply(response.status, response.body, idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey });
  } catch (error) {
    if (error instanceof ApiError) return reply(error.status, errorBody(error.body), error.headers);
    // A bug in the fake itself: answer like Stripe's api_error so the test fails with a readable message.
    return reply(500, errorBody({ type: "api_error", message: `Fake Stripe bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` }));
  }
}

function dispatch(deps: ServerDeps, record: RequestRecord, encoded: string): StoredResponse {
  const { method, path } = record;
  for (const route of deps.routes) {
    if (route.method !== method) continue;
    const pathParams = route.match(path);
    if (pathParams === null) continue;
    let form;
    try {
      form = decodeForm(encoded);
    } catch (error) {
      if (error instanceof FormDecodeError) throw new ApiError(400, { type: "invalid_request_error", message: error.message });
      throw error;
    }
    const { result, ignoredParams } = route.run(form, { store: deps.store, now: deps.now, pathParams, path });
    record.ignoredParams = ignoredParams;
    return { status: 200, body: JSON.stringify(result) };
  }
  throw unrecognizedUrl(method, path);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function errorBody(error: WireError): string {
  return JSON.stringify({ error });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "request-id": `req_${randomBytes(7).toString("hex")}`,
    ...headers,
  });
  res.end(body);
}
