import type { z } from "zod";
import { restError, type FieldIssue, type RestReply } from "./rest-reply";

/** Far above any device's JSON; a larger body is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * A JSON request body checked against the operation's schema. Every problem is listed in `issues`, and the
 * message names the first field, so "Field 'devEui': DevEUI must be 16 hex digits" says what to fix.
 * Unknown fields are refused (a misspelt "profileID" would otherwise be dropped without a word).
 */
export function parseBody<S extends z.ZodType>(schema: S, contentType: string | null, text: string | null): { value: z.output<S> } | { refusal: RestReply } {
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
    return { refusal: restError(415, "Send the body as JSON, with the header 'Content-Type: application/json'.") };
  }
  if (text === null || text.trim() === "") return { refusal: restError(400, "The request needs a JSON body; see the API documentation for its fields.") };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { refusal: restError(400, `The body is not valid JSON: ${(error as Error).message}.`) };
  }
  const result = schema.safeParse(json);
  if (result.success) return { value: result.data };
  const issues = result.error.issues.flatMap(fieldIssues);
  const first = issues[0]!;
  return { refusal: restError(400, first.field ? `Field '${first.field}': ${first.message}` : `The body: ${first.message}`, undefined, issues) };
}

function fieldIssues(issue: z.core.$ZodIssue): FieldIssue[] {
  const at = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ field: [...at, key].join("."), message: "this request has no such field; check its spelling against the API documentation." }));
  }
  if (issue.code === "invalid_type" && at.length === 0) return [{ field: "", message: "it must be a JSON object with the fields the API documentation lists." }];
  return [{ field: at.join("."), message: issue.message }];
}
