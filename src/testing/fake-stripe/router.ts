import type { FormObject } from "./form-decode";
import { Params } from "./param-readers";
import type { Store } from "./store";

export type Method = "GET" | "POST" | "DELETE";

export interface RouteContext {
  readonly store: Store;
  /** The fake clock, unix seconds. */
  now(): number;
  readonly pathParams: Readonly<Record<string, string>>;
  /** The request path without its query string; list objects echo it as `url`. */
  readonly path: string;
}

export interface Route {
  readonly method: Method;
  readonly pattern: string;
  match(path: string): Record<string, string> | null;
  /** Runs the endpoint; `ignoredParams` are the params that were sent but that the fake does not read. */
  run(form: FormObject, ctx: RouteContext): { result: unknown; ignoredParams: string[] };
}

/**
 * One endpoint: `parse` turns decoded form data into the SDK's own `*Params` type and `handle` must
 * return the SDK's resource type, so an SDK upgrade that changes either side fails `tsc`.
 */
export function route<P, R>(
  method: Method,
  pattern: string,
  parse: (params: Params, ctx: RouteContext) => P,
  handle: (params: P, ctx: RouteContext) => R,
): Route {
  const names: string[] = [];
  const regex = new RegExp(
    `^${pattern.replace(/:([a-z_]+)/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  return {
    method,
    pattern,
    match(path) {
      const result = regex.exec(path);
      if (!result) return null;
      return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(result[index + 1] ?? "")]));
    },
    run(form, ctx) {
      const reader = Params.of(form);
      const params = parse(reader, ctx);
      return { result: handle(params, ctx), ignoredParams: reader.unread() };
    },
  };
}

export function pathParam(ctx: RouteContext, name: string): string {
  const value = ctx.pathParams[name];
  if (value === undefined) throw new Error(`route pattern has no :${name}`);
  return value;
}
