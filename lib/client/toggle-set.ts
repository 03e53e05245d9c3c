/** A copy of `set` with `key` flipped (removed if present, added if not): for React state updaters. */
export function withToggled<T>(set: ReadonlySet<T>, key: T): Set<T> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
