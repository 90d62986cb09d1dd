import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_KEY_BURST, API_KEY_REQUESTS_PER_SECOND } from "./api-key-rate-limit";
import type { ApiOperation, ApiTag } from "./api-operation";
import { API_OPERATIONS } from "./api-operations";
import { idempotencyKeyHeader, IDEMPOTENCY_KEY_TTL_HOURS } from "./idempotency";
import { MAX_BODY_BYTES } from "./request-body";

/**
 * The OpenAPI 3.1 document, generated from API_OPERATIONS: each operation's own zod schemas for its
 * parameters, body and answers (zod-openapi renders them with zod's JSON Schema conversion), plus the
 * answers every operation can give. Nothing here describes a field by hand.
 */

export const errorSchema = z
  .object({
    error: z.string().meta({ description: "What was wrong and what is accepted, for a person to read." }),
    issues: z.array(z.object({ field: z.string().meta({ description: "The field's path in the body (e.g. tags.2), or the parameter's name." }), message: z.string() })).optional().meta({ description: "Validation errors: one entry per field." }),
  })
  .meta({ id: "Error" });

const jsonError = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

const TAGS: Array<{ name: ApiTag; description: string }> = [
  { name: "Devices", description: "Your organisation's devices and their events. Registering, changing and deleting them needs a read-write key." },
  { name: "Device profiles", description: "Radio settings, payload codecs and battery ranges to register devices with." },
  { name: "Usage", description: "What your devices sent, as it is billed." },
  { name: "Invoices", description: "Your invoices and their status." },
];

const OVERVIEW = `The REST API of Longreach, the council's LoRaWAN network: for your own systems to read your organisation's devices, events, usage and invoices, and to register and change devices.

**Keys.** An admin of your organisation creates API keys in the portal under *Integrations*, each with a scope — \`read\`, or \`read-write\` to also register, change and delete devices — and optionally an expiry. Send the key as \`Authorization: Bearer lrk_…\`. A missing, revoked or expired key gets 401; a read key that tries to write, or an organisation that is suspended, gets 403.

**Errors** are JSON, \`{ "error": "<what was wrong and what is accepted>" }\`; validation errors also list each field in \`issues\`. Another organisation's ids answer exactly as ids that do not exist (404).

**Retries.** Send an \`Idempotency-Key\` header with POST: a retry with the same key and body within ${IDEMPOTENCY_KEY_TTL_HOURS} hours answers as the first request did (marked \`Idempotent-Replayed: true\`) without registering twice; the same key with another body gets 422. Bodies are JSON (\`Content-Type: application/json\`), at most ${MAX_BODY_BYTES / 1024} KiB.

**Unavailable.** While the database is briefly away (restarting or failing over), every operation answers 503 with \`Retry-After\` in seconds: send the request again then. A connection lost mid-request may still have made the change, which is one more reason to send POSTs with an \`Idempotency-Key\`.

**Methods.** A path answers only the methods documented for it; any other gets 405 with \`Allow\` listing those it has.

**Rate limit.** ${API_KEY_REQUESTS_PER_SECOND} requests per second per key (bursts of ${API_KEY_BURST}), shared by all of the council's servers; above it, 429 with \`Retry-After\` in seconds.`;

/** Answers any operation can give; one object each, so they are shared components of the document. */
const COMMON_RESPONSES: ZodOpenApiResponsesObject = {
  "401": { id: "Unauthorized", ...jsonError("The key is missing, not valid, revoked or expired, or your organisation's account is closed."), headers: z.object({ "WWW-Authenticate": z.string() }) },
  "429": {
    id: "RateLimited",
    ...jsonError(`More than ${API_KEY_REQUESTS_PER_SECOND} requests per second with this key.`),
    headers: z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait before the next request." }) }),
  },
  "500": { id: "ServerError", ...jsonError("Something failed on our side; retry in a minute.") },
  "503": {
    id: "Unavailable",
    ...jsonError("The database is briefly unavailable (restarting or failing over); send the request again after Retry-After."),
    headers: z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait before retrying." }) }),
  },
};

function responsesOf(operation: ApiOperation): ZodOpenApiResponsesObject {
  const { success } = operation;
  const responses: ZodOpenApiResponsesObject = {
    [`${success.status}`]: success.status === 204 ? { description: success.description } : { description: success.description, content: { "application/json": { schema: success.schema } } },
  };
  const errors: Record<string, string | undefined> = { ...operation.errors };
  // Unknown query parameters are refused by every operation, so every one can answer 400.
  errors[400] ??= "A query parameter is not known.";
  if (operation.body) {
    errors[413] = `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`;
    errors[415] = "The body is not sent as application/json.";
  }
  errors[403] = operation.access === "write" ? "The key's scope is read (writes need a read-write key), or your organisation is suspended." : "Your organisation is suspended.";
  for (const [status, description] of Object.entries(errors)) if (description) responses[status as `4${string}`] = jsonError(description);
  return { ...responses, ...COMMON_RESPONSES };
}

function operationObject(operation: ApiOperation): ZodOpenApiOperationObject {
  const scope = operation.access === "write" ? "Needs a read-write key." : "Any key.";
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description}\n\n${scope}`,
    tags: [operation.tag],
    requestParams: {
      ...(operation.params && { path: operation.params }),
      ...(operation.query && { query: operation.query }),
      ...(operation.idempotent && { header: z.object({ "Idempotency-Key": idempotencyKeyHeader.optional() }) }),
    },
    ...(operation.body && { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } }),
    responses: responsesOf(operation),
  };
}

/** The document for an installation whose API is at `serverUrl` (e.g. https://lorawan.example.gov.uk/api/v1). */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of API_OPERATIONS) paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  return createDocument(
    {
      openapi: "3.1.0",
      info: { title: "Longreach REST API", version: "1.0.0", description: OVERVIEW },
      servers: [{ url: serverUrl, description: "This network" }],
      tags: TAGS,
      security: [{ apiKey: [] }],
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from the portal (Integrations): lrk_…" } } },
      paths,
    },
    {
      // JSON has no dates: they travel as ISO 8601 text, which is what the answers' Date fields become.
      override: ({ jsonSchema, zodSchema, io }) => {
        if (zodSchema._zod.def.type === "date" && io === "output") {
          jsonSchema.type = "string";
          jsonSchema.format = "date-time";
        }
      },
    },
  );
}

const built = new Map<string, ReturnType<typeof buildOpenApiDocument>>();

/** Built once per process (it depends only on the code and the public URL). */
export function openApiDocument(serverUrl: string) {
  let document = built.get(serverUrl);
  if (!document) built.set(serverUrl, (document = buildOpenApiDocument(serverUrl)));
  return document;
}
