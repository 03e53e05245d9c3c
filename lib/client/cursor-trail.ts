// How a server-paged list finds its way back after a reload. A cursor only leads forward, so the
// console remembers, per list and order, which page each visited page was reached from: a trail
// of cursor -> previous cursor ("" = the first page). Walking it back gives Prev and the page number.
// Kept in sessionStorage (per tab, survives a reload), not in the URL: a Redis SCAN cursor carries
// the keys of its last batch (up to 16,000 characters), so a stack of them would overflow a URL.
// Pure and unit-tested (tests/unit/cursor-trail.test.ts); use-cursor-history.ts stores it.

export type CursorTrail = Readonly<Record<string, string>>;

/** Pages remembered per list: the oldest are forgotten first. */
export const MAX_TRAIL_PAGES = 200;
/** Characters of cursors remembered per list (sessionStorage holds about 5 MB per site). */
export const MAX_TRAIL_CHARS = 400_000;

/** Next from `from` led to `to`: remembered, with the oldest steps dropped past the bounds. */
export function withStep(trail: CursorTrail, from: string, to: string): CursorTrail {
  if (!to || to === from) return trail;
  const entries = Object.entries(trail).filter(([cursor]) => cursor !== to);
  entries.push([to, from]);
  let chars = entries.reduce((sum, [cursor, previous]) => sum + cursor.length + previous.length, 0);
  while (entries.length > MAX_TRAIL_PAGES || (chars > MAX_TRAIL_CHARS && entries.length > 1)) {
    const [cursor, previous] = entries.shift()!;
    chars -= cursor.length + previous.length;
  }
  return Object.fromEntries(entries);
}

/** The cursor of the page before `cursor`: "" for the first page, null when not known (opened by a link). */
export function previousOf(trail: CursorTrail, cursor: string): string | null {
  if (!cursor) return null;
  return Object.prototype.hasOwnProperty.call(trail, cursor) ? trail[cursor]! : null;
}

/** 1-based page number of `cursor`, walking the trail back to the first page; null when the walk breaks. */
export function pageNumberOf(trail: CursorTrail, cursor: string): number | null {
  let page = 1;
  let current = cursor;
  const seen = new Set<string>();
  while (current) {
    if (seen.has(current)) return null;
    seen.add(current);
    const previous = previousOf(trail, current);
    if (previous === null) return null;
    current = previous;
    page++;
  }
  return page;
}

/** A trail read back from storage: anything that is not a map of strings is an empty trail. */
export function parseTrail(text: string | null): CursorTrail {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}
