import Stripe from "stripe";
import { invalidParam, missingParam } from "./api-error";
import type { FormObject, FormValue } from "./form-decode";

/**
 * Reads decoded form data into the value types the SDK's `*Params` interfaces declare. Every leaf
 * arrives as a string; this is where "12" becomes 12, "true" becomes true and "0.5" a Stripe.Decimal,
 * with Stripe-style 400s ("Missing required param: items[0][price].") when the shape is wrong.
 */
export class Params {
  constructor(
    private readonly form: FormObject,
    private readonly prefix = "",
    private readonly reads: ReadLog = new ReadLog(),
  ) {}

  static of(form: FormObject): Params {
    return new Params(form);
  }

  /** Params that were sent but never read: what this fake ignored (e.g. `expand[0]`, `automatic_tax[enabled]`). */
  unread(): string[] {
    return leafNames(this.form, this.prefix).filter((name) => !this.reads.covers(name));
  }

  has(key: string): boolean {
    return this.form[key] !== undefined;
  }

  /** True when the key was sent as the empty string, Stripe's way of unsetting a field. */
  isEmpty(key: string): boolean {
    if (this.form[key] !== "") return false;
    this.reads.add(this.name(key));
    return true;
  }

  /** The full bracketed name of a key, for error messages: `items[0][price]`. */
  name(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}[${key}]`;
  }

  string(key: string): string | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    this.reads.add(this.name(key));
    if (typeof value !== "string") throw invalidParam(this.name(key), `Invalid string: ${this.name(key)} must be a string, not an object or array.`);
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  int(key: string): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw invalidParam(this.name(key), `Invalid integer: ${raw} (${this.name(key)} must be a whole number).`);
    return Number(raw);
  }

  requiredInt(key: string): number {
    const value = this.int(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  number(key: string): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) throw invalidParam(this.name(key), `Invalid decimal: ${raw} (${this.name(key)} must be a number).`);
    return value;
  }

  requiredNumber(key: string): number {
    const value = this.number(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  decimal(key: string): Stripe.Decimal | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    try {
      return Stripe.Decimal.from(raw);
    } catch {
      throw invalidParam(this.name(key), `Invalid decimal: ${raw} (${this.name(key)} must be a decimal string such as "0.05").`);
    }
  }

  bool(key: string): boolean | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (raw !== "true" && raw !== "false") throw invalidParam(this.name(key), `Invalid boolean: ${raw} (${this.name(key)} must be true or false).`);
    return raw === "true";
  }

  requiredBool(key: string): boolean {
    const value = this.bool(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  /** A string restricted to the values the fake understands; anything else is a 400 naming the accepted values. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(", ")} (got "${raw}").`);
    }
    return raw as T;
  }

  requiredOneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.oneOf(key, allowed);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  object(key: string): Params | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    if (!isObject(value)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)} must be a hash.`);
    return new Params(value, this.name(key), this.reads);
  }

  requiredObject(key: string): Params {
    const value = this.object(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  /** An array of hashes, e.g. `items[0][price]`. */
  objects(key: string): Params[] | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw invalidParam(this.name(key), `Invalid array: ${this.name(key)} must be an array.`);
    return value.map((item, index) => {
      if (!isObject(item)) throw invalidParam(`${this.name(key)}[${index}]`, `Invalid object: ${this.name(key)}[${index}] must be a hash.`);
      return new Params(item, `${this.name(key)}[${index}]`, this.reads);
    });
  }

  /** An array of strings; the empty string (Stripe's "clear this list") gives []. */
  strings(key: string): string[] | undefined {
    const value = this.form[key];
    if (value === undefined) return undefined;
    this.reads.add(this.name(key));
    if (value === "") return [];
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
      throw invalidParam(this.name(key), `Invalid array: ${this.name(key)} must be an array of strings.`);
    }
    return value;
  }

  /** `metadata[k]=v` pairs; `""` (Stripe's "unset all") is returned as "" so updates can clear. */
  metadata(key = "metadata"): Stripe.MetadataParam | "" | undefined {
    const value = this.form[key];
    if (value !== undefined) this.reads.add(this.name(key));
    if (value === undefined || value === "") return value;
    if (!isObject(value)) throw invalidParam(this.name(key), `Invalid hash: ${this.name(key)} must be key/value pairs.`);
    const out: Stripe.MetadataParam = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") throw invalidParam(`${this.name(key)}[${k}]`, `Invalid metadata value: ${this.name(key)}[${k}] must be a string.`);
      out[k] = v;
    }
    return out;
  }

  /** A `{ [key]: string }` hash such as a meter event payload. */
  stringMap(key: string): Record<string, string> | undefined {
    const value = this.metadata(key);
    if (value === undefined || value === "") return value === "" ? {} : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  }
}

function isObject(value: FormValue): value is FormObject {
  return typeof value === "object" && !Array.isArray(value);
}

/** Names read so far; reading a name covers everything under it (`metadata` covers `metadata[a]`). */
class ReadLog {
  private readonly names = new Set<string>();

  add(name: string): void {
    this.names.add(name);
  }

  covers(name: string): boolean {
    for (let current: string | null = name; current !== null; current = parentName(current)) {
      if (this.names.has(current)) return true;
    }
    return false;
  }
}

function parentName(name: string): string | null {
  const open = name.lastIndexOf("[");
  return open <= 0 ? null : name.slice(0, open);
}

function leafNames(value: FormValue, name: string): string[] {
  if (typeof value === "string") return [name];
  const entries: Array<[string, FormValue]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  if (entries.length === 0) return name === "" ? [] : [name];
  return entries.flatMap(([key, child]) => leafNames(child, name === "" ? key : `${name}[${key}]`));
}
