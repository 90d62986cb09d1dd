import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyRow } from "../../../../test/api-key-rows";
import { openTestDatabase } from "../../../../test/database";
import { createNetworkFixtures, randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { createTenant } from "../../../../test/factories";
import { insertInvoiceRow } from "../../../../test/invoice-rows";
import { openDatabase, type DatabaseHandle } from "@/server/db/client";

/**
 * The OpenAPI document and the routes describe each other: every route file under src/app/api/v1 serves
 * a documented path, every documented operation is called here through its route file as a tenant's
 * machine would, and every answer (successes, isolation probes, refusals) must match the schema the
 * document gives for its status. A route without documentation, documentation without a route, or an
 * answer the document does not describe fails.
 */

type Json = Record<string, unknown>;
interface OpenApiResponse { $ref?: string; headers?: Record<string, { required?: boolean }>; content?: { "application/json"?: { schema: unknown } } }
interface OpenApiOperation { operationId: string; responses: Record<string, OpenApiResponse> }
interface OpenApiDocument { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, OpenApiOperation>>; components: { responses: Record<string, OpenApiResponse> } }
// As Next.js calls them: `params` resolves to undefined on a path without dynamic segments.
type RouteModule = Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", (req: Request, context: { params: Promise<Record<string, string> | undefined> }) => Promise<Response>>;

const ROUTES_DIR = path.dirname(fileURLToPath(import.meta.url));
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** The document's own route: it describes the API rather than being part of it. */
const DOCUMENT_ROUTE = "/openapi.json";

/** Route files as OpenAPI paths: devices/[devEui]/events/route.ts → /devices/{devEui}/events. */
function routeFiles(dir = ROUTES_DIR, prefix = ""): Array<{ path: string; file: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), `${prefix}/${entry.name.replace(/^\[(\w+)\]$/, "{$1}")}`);
    return entry.name === "route.ts" ? [{ path: prefix, file: path.join(dir, entry.name) }] : [];
  });
}

let handle: DatabaseHandle;
let document: OpenApiDocument;
let ajv: Ajv2020;
const shared = globalThis as unknown as { longreachDb?: Promise<DatabaseHandle> };

beforeAll(async () => {
  handle = await openTestDatabase();
  // The routes open the app's database through this process-wide cache.
  shared.longreachDb = Promise.resolve(handle);
  const served = await (await import("./openapi.json/route")).GET();
  expect(served.status).toBe(200);
  document = await served.json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as unknown as Json, "openapi");
});
afterAll(() => handle.close());

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** An operation's answer for a status, following a reference to a shared response; with the JSON pointer to its body's schema. */
function documentedResponse(docPath: string, method: string, status: string) {
  const response = document.paths[docPath]?.[method.toLowerCase()]?.responses[status];
  if (!response?.$ref) return response && { response, schemaPointer: pointer("paths", docPath, method.toLowerCase(), "responses", status, "content", "application/json", "schema") };
  const name = response.$ref.replace("#/components/responses/", "");
  return { response: document.components.responses[name]!, schemaPointer: pointer("components", "responses", name, "content", "application/json", "schema") };
}

/** Fails unless the document describes this status for the operation, the body matches its schema and the headers it requires are sent. */
function expectDocumented(docPath: string, method: string, status: number, body: unknown, headers: Headers) {
  expect(document.paths[docPath]?.[method.toLowerCase()], `${method} ${docPath} is not documented`).toBeDefined();
  const documented = documentedResponse(docPath, method, String(status));
  expect(documented, `${method} ${docPath} answered ${status}, which the document does not list: ${JSON.stringify(body)}`).toBeDefined();
  for (const [name, header] of Object.entries(documented!.response.headers ?? {})) {
    if (header.required) expect(headers.get(name), `${method} ${docPath} ${status} lacks the documented header ${name}`).not.toBeNull();
  }
  if (!documented!.response.content?.["application/json"]?.schema) {
    expect(body, `${method} ${docPath} ${status} has no body in the document`).toBeNull();
    return;
  }
  const validate = ajv.getSchema(`openapi#/${documented!.schemaPointer}`)!;
  expect(validate(body), `${method} ${docPath} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
}

interface Call { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; authorization?: string | null; idempotencyKey?: string }

/** A request through the route file, as HTTP: the status and parsed body, checked against the document. */
async function call(docPath: string, method: (typeof METHODS)[number], { params = {}, query = {}, body, authorization, idempotencyKey }: Call) {
  const file = routeFiles().find((r) => r.path === docPath)?.file;
  expect(file, `no route file serves ${docPath}`).toBeDefined();
  const route = (await import(file!)) as RouteModule;
  const url = `http://localhost/api/v1${docPath.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!))}?${new URLSearchParams(query)}`;
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers["content-type"] = "application/json";
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  const response = await route[method](new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), { params: Promise.resolve(docPath.includes("{") ? params : undefined) });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Json) : null;
  expect(response.headers.get("cache-control")).toBe("no-store");
  if (parsed !== null) expect(response.headers.get("content-type")).toContain("application/json");
  expectDocumented(docPath, method, response.status, parsed, response.headers);
  return { status: response.status, body: parsed, headers: response.headers };
}

/** A tenant with something behind every endpoint, and a read-write key. */
async function tenantWithEverything() {
  const tenant = await createTenant(handle.db);
  const network = await createNetworkFixtures(handle.db, tenant.id);
  const spare = await createNetworkFixtures(handle.db, tenant.id);
  const invoice = await insertInvoiceRow(handle.db, tenant.id);
  const key = await createApiKeyRow(handle.db, tenant.id, { scope: "read-write" });
  return { tenant, network, spare, invoice, key };
}

type Tenant = Awaited<ReturnType<typeof tenantWithEverything>>;
const newDevice = (overrides: Json = {}) => ({ name: "Made by API", devEui: randomEui(), activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), ...overrides });

/**
 * For each documented operation: a successful call, and a probe with another tenant's ids (`foreign`)
 * that must answer exactly as `missing` (ids nobody has) — or, for operations without ids, show none of
 * the other tenant's data. Adding an operation to the document without adding it here fails the test.
 */
const CALLS: Record<string, { success: (t: Tenant) => Call; foreign: (victim: Tenant) => Call; missing?: () => Call }> = {
  listDevices: { success: () => ({ query: { pageSize: "10" } }), foreign: (v) => ({ query: { search: v.network.devEui } }) },
  createDevice: {
    success: (t) => ({ body: newDevice({ profileId: t.network.profileId, tags: ["api"] }), idempotencyKey: randomEui() }),
    foreign: (v) => ({ body: newDevice({ profileId: v.network.profileId }) }),
    missing: () => ({ body: newDevice({ profileId: crypto.randomUUID() }) }),
  },
  getDevice: { success: (t) => ({ params: { devEui: t.network.devEui } }), foreign: (v) => ({ params: { devEui: v.network.devEui } }), missing: () => ({ params: { devEui: randomEui() } }) },
  updateDevice: {
    success: (t) => ({ params: { devEui: t.network.devEui }, body: { name: "Renamed by API", tags: ["x"] } }),
    foreign: (v) => ({ params: { devEui: v.network.devEui }, body: { name: "Taken over" } }),
    missing: () => ({ params: { devEui: randomEui() }, body: { name: "Nobody's" } }),
  },
  deleteDevice: { success: (t) => ({ params: { devEui: t.spare.devEui } }), foreign: (v) => ({ params: { devEui: v.spare.devEui } }), missing: () => ({ params: { devEui: randomEui() } }) },
  listDeviceEvents: {
    success: (t) => ({ params: { devEui: t.network.devEui }, query: { limit: "5" } }),
    foreign: (v) => ({ params: { devEui: v.network.devEui } }),
    missing: () => ({ params: { devEui: randomEui() } }),
  },
  listDeviceProfiles: { success: () => ({}), foreign: () => ({}) },
  getUsage: { success: () => ({ query: { granularity: "hour" } }), foreign: () => ({}) },
  listInvoices: { success: () => ({}), foreign: () => ({}) },
};

const documentedOperations = () =>
  Object.entries(document.paths).flatMap(([docPath, methods]) => Object.entries(methods).map(([method, op]) => ({ docPath, method: method.toUpperCase() as (typeof METHODS)[number], op })));

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 for this installation's base URL, with a schema ajv can compile for every answer", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: expect.stringMatching(/\/api\/v1$/), description: expect.any(String) }]);
    for (const { docPath, method, op } of documentedOperations()) {
      for (const status of Object.keys(op.responses)) {
        const { response, schemaPointer } = documentedResponse(docPath, method, status)!;
        if (response.content) expect(ajv.getSchema(`openapi#/${schemaPointer}`), `${op.operationId} ${status}`).toBeInstanceOf(Function);
      }
    }
  });

  it("documents exactly the paths the route files serve", () => {
    const served = routeFiles().map((r) => r.path).filter((p) => p !== DOCUMENT_ROUTE).sort();
    expect(served).toEqual(Object.keys(document.paths).sort());
  });

  it("answers 405 for every method a route file serves that its path does not document, naming those it does", async () => {
    for (const { path: docPath, file } of routeFiles().filter((r) => r.path !== DOCUMENT_ROUTE)) {
      const route = (await import(file)) as RouteModule;
      const documented = METHODS.filter((m) => document.paths[docPath]?.[m.toLowerCase()]);
      for (const method of METHODS.filter((m) => !documented.includes(m))) {
        const reply = await route[method](new Request(`http://localhost/api/v1${docPath}`, { method }), { params: Promise.resolve(undefined) });
        expect(reply.status, `${method} ${docPath}`).toBe(405);
        expect(reply.headers.get("allow")).toBe(documented.join(", "));
      }
    }
  });

  it("has a call in this test for every documented operation, and none for operations it does not document", () => {
    expect(Object.keys(CALLS).sort()).toEqual(documentedOperations().map((o) => o.op.operationId).sort());
  });
});

describe("every documented operation", () => {
  it("answers as the document says, for a read-write key", async () => {
    const me = await tenantWithEverything();
    for (const { docPath, method, op } of documentedOperations()) {
      const reply = await call(docPath, method, { ...CALLS[op.operationId]!.success(me), authorization: me.key.authorization });
      expect(reply.status, `${op.operationId}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
    }
  });

  it("answers another tenant's ids exactly as ids nobody has, and shows none of that tenant's data", async () => {
    const me = await tenantWithEverything();
    const victim = await tenantWithEverything();
    const secrets = [victim.tenant.id, victim.network.deviceId, victim.network.devEui, victim.network.profileId, victim.spare.devEui, victim.invoice.id, victim.invoice.number];
    for (const { docPath, method, op } of documentedOperations()) {
      const probe = CALLS[op.operationId]!;
      const foreign = await call(docPath, method, { ...probe.foreign(victim), authorization: me.key.authorization });
      if (probe.missing) {
        const missing = await call(docPath, method, { ...probe.missing(), authorization: me.key.authorization });
        expect(foreign.status, op.operationId).toBe(404);
        expect(foreign.body, op.operationId).toEqual(missing.body);
      } else {
        expect(foreign.status, op.operationId).toBe(200);
      }
      for (const secret of secrets) expect(JSON.stringify(foreign.body), `${op.operationId} shows another tenant's ${secret}`).not.toContain(secret);
    }
    // Nothing of the victim's changed: its devices are still there under their own names.
    const theirs = await call("/devices", "GET", { authorization: victim.key.authorization });
    expect((theirs.body!.devices as Array<{ name: string }>).map((d) => d.name)).toEqual(["Victim sensor", "Victim sensor"]);
  });

  it("refuses an unknown query parameter with a documented 400 naming it", async () => {
    const me = await tenantWithEverything();
    for (const { docPath, method, op } of documentedOperations()) {
      const example = CALLS[op.operationId]!.success(me);
      const reply = await call(docPath, method, { ...example, query: { ...example.query, pagesize: "10" }, authorization: me.key.authorization });
      expect(reply, op.operationId).toMatchObject({ status: 400, body: { error: expect.stringContaining("Unknown query parameter 'pagesize'") } });
    }
  });

  it("answers a documented 503 with Retry-After while the database cannot be reached", async () => {
    const me = await tenantWithEverything();
    for (const { docPath, method, op } of documentedOperations()) {
      // Nothing listens on port 1, so every query is refused as by a database that is down. A pool per call,
      // since postgres.js waits longer before each new attempt of the same pool.
      const unreachable = await openDatabase({ url: "postgres://longreach@127.0.0.1:1/unreachable", poolMax: 1 });
      shared.longreachDb = Promise.resolve(unreachable);
      try {
        const reply = await call(docPath, method, { ...CALLS[op.operationId]!.success(me), authorization: me.key.authorization });
        expect(reply, op.operationId).toMatchObject({ status: 503, body: { error: expect.stringContaining("retry") } });
        expect(Number(reply.headers.get("retry-after")), op.operationId).toBeGreaterThan(0);
      } finally {
        shared.longreachDb = Promise.resolve(handle);
        await unreachable.close();
      }
    }
  });

  it("refuses a missing key with a documented 401, and writes with a read key with a documented 403", async () => {
    const me = await tenantWithEverything();
    const reader = await createApiKeyRow(handle.db, me.tenant.id, { scope: "read" });
    for (const { docPath, method, op } of documentedOperations()) {
      const example = CALLS[op.operationId]!.success(me);
      const anonymous = await call(docPath, method, { ...example, authorization: null });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
      const asReader = await call(docPath, method, { ...example, authorization: reader.authorization });
      if (method === "GET") expect(asReader.status, op.operationId).toBe(200);
      else expect(asReader, op.operationId).toMatchObject({ status: 403, body: { error: expect.stringContaining("read-write key") } });
    }
  });
});
