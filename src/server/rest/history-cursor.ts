import { z } from "zod";
import type { HistoryCursor } from "@/server/devices/device-events";

/**
 * deviceHistory's cursor as an opaque base64url string, so callers pass `nextCursor` back unchanged
 * and its contents can change without breaking them.
 */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredAt.toISOString(), cursor.id])).toString("base64url");
}

const cursorContents = z.tuple([z.iso.datetime(), z.number().int().positive()]);

/** The cursor, or null when the text did not come from encodeHistoryCursor. */
export function decodeHistoryCursor(text: string): HistoryCursor | null {
  let contents: unknown;
  try {
    contents = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorContents.safeParse(contents);
  return parsed.success ? { occurredAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
}

/** The `cursor` query parameter: left out for the newest events. */
export const historyCursorParameter = z.string().optional().transform((text, ctx) => {
  if (text === undefined || text === "") return null;
  const cursor = decodeHistoryCursor(text);
  if (cursor) return cursor;
  ctx.addIssue({ code: "custom", message: "not a cursor from this API; pass the previous page's nextCursor unchanged, or leave it out for the newest events." });
  return z.NEVER;
});
