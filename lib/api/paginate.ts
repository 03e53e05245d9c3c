// Keyset pagination over a sorted list of names: the cursor is the last name of the previous page,
// so pages stay stable while groups come and go.
export interface Page<T> {
  items: T[];
  next?: string;
  total: number;
}

export function encodeCursor(lastName: string): string {
  return Buffer.from(lastName, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  return Buffer.from(cursor, "base64url").toString("utf8");
}

export function pageOfNames(sortedNames: string[], options: { q?: string; limit: number; cursor?: string }): Page<string> {
  const needle = options.q?.toLowerCase();
  const matching = needle ? sortedNames.filter((name) => name.toLowerCase().includes(needle)) : sortedNames;
  const after = decodeCursor(options.cursor);
  const start = after === undefined ? 0 : firstIndexAfter(matching, after);
  const items = matching.slice(start, start + options.limit);
  const hasMore = start + options.limit < matching.length;
  return { items, total: matching.length, next: hasMore && items.length > 0 ? encodeCursor(items[items.length - 1]) : undefined };
}

function firstIndexAfter(sorted: string[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle].localeCompare(name) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
