/**
 * Decodes Stripe v1 request data: `application/x-www-form-urlencoded` bodies and query strings with
 * bracket notation (`metadata[tenant_id]=t1`, `items[0][price]=p`, `lookup_keys[]=a`) into nested
 * objects and arrays. Every leaf stays a string, as on the wire; `param-readers.ts` converts to the
 * number/boolean types the SDK's param interfaces declare.
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject { [key: string]: FormValue }

export class FormDecodeError extends Error {}

/** A node under construction: array slots are keyed by their index so `a[1]` before `a[0]` still works. */
type Node = { kind: "object"; entries: Map<string, Node | string> } | { kind: "array"; entries: Map<number, Node | string>; next: number };

export function decodeForm(encoded: string): FormObject {
  const root: Node = { kind: "object", entries: new Map() };
  for (const pair of encoded.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    assign(root, splitKey(decodeComponent(rawKey)), decodeComponent(rawValue), decodeComponent(rawKey));
  }
  return toValue(root) as FormObject;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new FormDecodeError(`Invalid percent-encoding in request data: ${text}`);
  }
}

/** `items[0][price]` → ["items", "0", "price"]; `lookup_keys[]` → ["lookup_keys", ""]. */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const pattern = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
    if (match.index !== consumed) throw new FormDecodeError(`Invalid parameter name: ${key}`);
    segments.push(match[1] ?? "");
    consumed = match.index + match[0].length;
  }
  if (consumed !== rest.length || segments[0] === "") throw new FormDecodeError(`Invalid parameter name: ${key}`);
  return segments;
}

function assign(node: Node, path: string[], value: string, fullKey: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const slot = slotFor(node, head, fullKey);
  if (rest.length === 0) {
    if (getEntry(node, slot) !== undefined) throw new FormDecodeError(`Parameter given more than once: ${fullKey}`);
    setEntry(node, slot, value);
    return;
  }
  const childKind = rest[0] === "" || /^\d+$/.test(rest[0] ?? "") ? "array" : "object";
  let child = getEntry(node, slot);
  if (child === undefined) {
    child = childKind === "array" ? { kind: "array", entries: new Map(), next: 0 } : { kind: "object", entries: new Map() };
    setEntry(node, slot, child);
  } else if (typeof child === "string" || child.kind !== childKind) {
    throw new FormDecodeError(`Conflicting shapes for parameter: ${fullKey}`);
  }
  assign(child, rest, value, fullKey);
}

function slotFor(node: Node, segment: string, fullKey: string): string | number {
  if (node.kind === "object") {
    if (segment === "__proto__" || segment === "constructor" || segment === "prototype") throw new FormDecodeError(`Invalid parameter name: ${fullKey}`);
    return segment;
  }
  if (segment === "") return node.next;
  if (!/^\d+$/.test(segment)) throw new FormDecodeError(`Array parameters need numeric indexes: ${fullKey}`);
  return Number(segment);
}

function getEntry(node: Node, slot: string | number): Node | string | undefined {
  return node.kind === "object" ? node.entries.get(String(slot)) : node.entries.get(Number(slot));
}

function setEntry(node: Node, slot: string | number, value: Node | string): void {
  if (node.kind === "object") node.entries.set(String(slot), value);
  else {
    node.entries.set(Number(slot), value);
    node.next = Math.max(node.next, Number(slot) + 1);
  }
}

function toValue(node: Node | string): FormValue {
  if (typeof node === "string") return node;
  if (node.kind === "array") return [...node.entries.entries()].sort(([a], [b]) => a - b).map(([, child]) => toValue(child));
  const out: FormObject = {};
  for (const [key, child] of node.entries) out[key] = toValue(child);
  return out;
}
