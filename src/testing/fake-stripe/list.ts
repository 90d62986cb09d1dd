import type Stripe from "stripe";
import { invalidParam, invalidRequest } from "./api-error";
import type { Params } from "./param-readers";

export function readPagination(params: Params): Stripe.PaginationParams {
  return { limit: params.int("limit"), starting_after: params.string("starting_after"), ending_before: params.string("ending_before") };
}

/**
 * A Stripe list page over items already in list order (newest first for most resources), with
 * `limit` (1–100, default 10), `starting_after` and `ending_before` cursors.
 */
export function listPage<T extends { id: string }>(ordered: readonly T[], page: Stripe.PaginationParams, url: string): Stripe.ApiList<T> {
  const limit = page.limit ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("limit", `Invalid limit: must be between 1 and 100 (got ${limit}).`);
  if (page.starting_after !== undefined && page.ending_before !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: starting_after, ending_before.");
  }
  let start = 0;
  let end = ordered.length;
  if (page.starting_after !== undefined) start = cursorIndex(ordered, page.starting_after, "starting_after") + 1;
  if (page.ending_before !== undefined) {
    end = cursorIndex(ordered, page.ending_before, "ending_before");
    start = Math.max(0, end - limit);
  }
  const data = ordered.slice(start, Math.min(end, start + limit));
  const hasMore = page.ending_before !== undefined ? start > 0 : start + data.length < end;
  return { object: "list", data, has_more: hasMore, url };
}

function cursorIndex<T extends { id: string }>(ordered: readonly T[], id: string, param: string): number {
  const index = ordered.findIndex((item) => item.id === id);
  if (index === -1) throw invalidParam(param, `Invalid ${param}: no object with id '${id}' in this list.`);
  return index;
}

export function newestFirst<T>(items: Iterable<T>): T[] {
  return [...items].reverse();
}
