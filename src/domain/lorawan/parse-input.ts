import type { z } from "zod";
import { formatIssuePath, formatZodIssues, LorawanInputError } from "./errors";

/** Parses with a zod schema, turning failure into a LorawanInputError that lists every problem. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  description: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Messages quote the offending value; collecting it for every field costs a third of the parse, so
  // only a body that failed is parsed again to say what was wrong.
  const issues = schema.safeParse(input, { reportInput: true }).error!.issues;
  const field = issues[0] ? formatIssuePath(issues[0].path) : "body";
  throw new LorawanInputError(field, `Invalid ${description}: ${formatZodIssues(issues)}`);
}
