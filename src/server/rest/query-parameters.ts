import { z } from "zod";
import { restError, type RestReply } from "./rest-reply";

/**
 * An endpoint's query parameters, checked against `schema` (one string field per parameter). A name the
 * endpoint does not know is refused rather than ignored, so a misspelt "pagesize" does not silently
 * give the default page size.
 */
export function parseQuery<Shape extends Record<string, z.ZodType<unknown, string | undefined>>>(
  schema: z.ZodObject<Shape>,
  query: URLSearchParams,
): { value: z.output<z.ZodObject<Shape>> } | { refusal: RestReply } {
  const accepted = Object.keys(schema.shape);
  const unknown = [...query.keys()].find((name) => !accepted.includes(name));
  if (unknown !== undefined) {
    return { refusal: restError(400, `Unknown query parameter '${unknown}'; this endpoint accepts ${accepted.length ? accepted.join(", ") : "none"}.`) };
  }
  const result = schema.safeParse(Object.fromEntries(query));
  if (result.success) return { value: result.data };
  const issues = result.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
  return { refusal: restError(400, `Query parameter '${issues[0]!.field}': ${issues[0]!.message}`, undefined, issues) };
}

/** A whole number in [min, max]; left out (or empty) it is `fallback`. Documented as the integer it stands for. */
export function wholeNumber({ min, max, fallback }: { min: number; max: number; fallback: number }) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === "") return fallback;
      const value = /^\d+$/.test(text) ? Number(text) : NaN;
      if (value >= min && value <= max) return value;
      ctx.addIssue({ code: "custom", message: `give a whole number from ${min} to ${max}, not ${JSON.stringify(text)}.` });
      return z.NEVER;
    })
    .meta({ override: { type: "integer", minimum: min, maximum: max, default: fallback } });
}
