// What an operator chose on a list (search text, sort column and direction, filters, page) read
// from and written to the URL, for every list of the console: a reload, the back button or a shared
// link shows the same list. Pure and unit-tested; each list describes itself with a ListSpec.

export type SortDir = "asc" | "desc";

export const MAX_LIST_QUERY_CHARS = 500;
// The longest cursor any list API returns (a Redis SCAN cursor carries the keys of its last batch).
const MAX_CURSOR_CHARS = 16_000;
const MAX_PAGE = 1_000_000;

export interface ListSpec<S extends string> {
  sorts: readonly S[];
  defaultSort: S;
  /** The direction a column starts in when its header is clicked (names A to Z, figures biggest first). */
  firstDir: (sort: S) => SortDir;
  /** Filter name in the URL -> the values it accepts ("" = any is implied). */
  filters?: Record<string, readonly string[]>;
  /** Filters typed as free text (a user name, a time), kept in `filters` too, at most 200 characters. */
  texts?: readonly string[];
}

export interface ListState<S extends string> {
  q: string;
  sort: S;
  dir: SortDir;
  /** Every filter of the spec, "" when not set. */
  filters: Record<string, string>;
  /** 1-based page, for lists paged in the browser. */
  page: number;
  /** The server's cursor of the page shown, for lists paged by the server ("" = first page). */
  cursor: string;
}

interface Params {
  get(name: string): string | null;
}

const MAX_TEXT_FILTER_CHARS = 200;

function filterNames(spec: { filters?: Record<string, readonly string[]>; texts?: readonly string[] }): string[] {
  return [...Object.keys(spec.filters ?? {}), ...(spec.texts ?? [])];
}

function paramNames(spec: { filters?: Record<string, readonly string[]>; texts?: readonly string[] }): string[] {
  return ["q", "sort", "dir", "page", "cursor", ...filterNames(spec)];
}

/** Unknown or malformed values fall back to the defaults rather than failing: a URL is user input. */
export function listFromSearch<S extends string>(spec: ListSpec<S>, params: Params): ListState<S> {
  const sortText = params.get("sort") ?? "";
  const sort = (spec.sorts as readonly string[]).includes(sortText) ? (sortText as S) : spec.defaultSort;
  const dirText = params.get("dir");
  const dir = dirText === "asc" || dirText === "desc" ? dirText : spec.firstDir(sort);
  const filters: Record<string, string> = {};
  for (const [name, values] of Object.entries(spec.filters ?? {})) {
    const value = params.get(name) ?? "";
    filters[name] = values.includes(value) ? value : "";
  }
  for (const name of spec.texts ?? []) filters[name] = (params.get(name) ?? "").slice(0, MAX_TEXT_FILTER_CHARS);
  const pageText = params.get("page") ?? "";
  const page = /^\d{1,7}$/.test(pageText) ? Math.min(Math.max(Number(pageText), 1), MAX_PAGE) : 1;
  const cursorText = params.get("cursor") ?? "";
  const cursor = cursorText.length <= MAX_CURSOR_CHARS ? cursorText : "";
  return { q: (params.get("q") ?? "").slice(0, MAX_LIST_QUERY_CHARS), sort, dir, filters, page, cursor };
}

/** The query string (no "?"), defaults left out; parameters that are not the list's are kept. */
export function listToSearch<S extends string>(spec: ListSpec<S>, state: ListState<S>, current = ""): string {
  const params = new URLSearchParams(current);
  for (const name of paramNames(spec)) params.delete(name);
  if (state.q.trim()) params.set("q", state.q.trim());
  if (state.sort !== spec.defaultSort) params.set("sort", state.sort);
  if (state.dir !== spec.firstDir(state.sort)) params.set("dir", state.dir);
  for (const name of filterNames(spec)) if (state.filters[name]?.trim()) params.set(name, state.filters[name].trim());
  if (state.page > 1) params.set("page", String(state.page));
  if (state.cursor) params.set("cursor", state.cursor);
  return params.toString();
}

/** A click on a column header: the same column flips direction, another starts at its first direction; back to page one. */
export function withSort<S extends string>(spec: ListSpec<S>, state: ListState<S>, column: S): ListState<S> {
  const dir = state.sort === column ? (state.dir === "asc" ? "desc" : "asc") : spec.firstDir(column);
  return { ...state, sort: column, dir, page: 1, cursor: "" };
}

/** A new search text or filter value: the old page means nothing for the new result, so page one. */
export function withFilter<S extends string>(state: ListState<S>, patch: { q?: string; filters?: Record<string, string> }): ListState<S> {
  return { ...state, q: patch.q ?? state.q, filters: { ...state.filters, ...patch.filters }, page: 1, cursor: "" };
}

/** Search text and filters emptied; the sort stays. */
export function withoutFilters<S extends string>(state: ListState<S>): ListState<S> {
  const filters = Object.fromEntries(Object.keys(state.filters).map((name) => [name, ""]));
  return { ...state, q: "", filters, page: 1, cursor: "" };
}

export function hasFilters(state: ListState<string>): boolean {
  return state.q.trim() !== "" || Object.values(state.filters).some(Boolean);
}

/** "No jobs match “abc” with state failed" (the words an empty result shows). */
export function noMatchTitle(noun: string, state: ListState<string>, filterLabels: Record<string, string> = {}): string {
  const q = state.q.trim();
  const parts = Object.entries(state.filters)
    .filter(([, value]) => value)
    .map(([name, value]) => `${filterLabels[name] ?? name} ${value}`);
  return `No ${noun} match${q ? ` “${q}”` : ""}${parts.length ? ` with ${parts.join(", ")}` : ""}`;
}

/**
 * Comparing two rows on one figure for a sorted list: unknown (null) values last whatever the
 * direction, ties broken by a name so the order is stable between two polls.
 */
export function compareBy<T>(value: (row: T) => number | string | null | undefined, dir: SortDir, tieBreak: (row: T) => string) {
  const sign = dir === "asc" ? 1 : -1;
  const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  return (a: T, b: T): number => {
    const va = value(a);
    const vb = value(b);
    const tie = collator.compare(tieBreak(a), tieBreak(b));
    if (va === null || va === undefined) return vb === null || vb === undefined ? tie : 1;
    if (vb === null || vb === undefined) return -1;
    const order = typeof va === "number" && typeof vb === "number" ? va - vb : collator.compare(String(va), String(vb));
    return sign * order || tie;
  };
}

/** Case-insensitive "contains" on any of the texts: plain substring search, never a RegExp built from q. */
export function matchesText(q: string, ...texts: (string | null | undefined)[]): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return texts.some((text) => typeof text === "string" && text.toLowerCase().includes(needle));
}
