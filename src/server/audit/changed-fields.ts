/**
 * The fields of `changes` that really differ from `before` (compared by value, so the same tags or
 * event kinds sent again are no change), and the `{ from, to }` of each as the audit log records them.
 * Undefined means "not given", so it is never a change.
 */
export function changedFields<C extends object>(before: object, changes: C) {
  const old = before as Record<string, unknown>;
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(old[key])),
  ) as Partial<C>;
  const audit = Object.fromEntries(Object.entries(changed).map(([key, to]) => [key, { from: old[key], to }]));
  return { changed, audit };
}
