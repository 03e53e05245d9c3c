// The filters of a DLQ page, and their three forms: the page URL (so a filtered view can be shared
// and survives a reload), the form the operator edits, and the API (query string and the `filter`
// of requeue / discard bodies). Pure functions, unit-tested (tests/unit/ui-dlq-filters.test.ts).
import type { DlqMessagesParams } from "@/lib/query-keys";
import type { DlqOrder } from "./dlq-page-url";
import type { DlqFilterBody, DlqStatusFilter, DlqTargetSelector } from "@/lib/contract/dlq";
import type { TimeZoneChoice } from "./format";
import { parseTimeInput, timeInputValue } from "./time-input";

export interface DlqFilters {
  status: DlqStatusFilter;
  /** An error group's signature from the summary, or an exact error text; "" for any. */
  error: string;
  /** Exact original topic; "" for any. */
  originalTopic: string;
  /** Text in the payload or headers; "" for none. */
  q: string;
  /** ISO times, or null. */
  since: string | null;
  until: string | null;
}

export const DLQ_STATUSES: readonly { value: DlqStatusFilter; label: string }[] = [
  { value: "pending", label: "Pending" },
  { value: "requeued", label: "Requeued" },
  { value: "discarded", label: "Discarded" },
  { value: "all", label: "All" },
];

export const DEFAULT_DLQ_FILTERS: DlqFilters = {
  status: "pending",
  error: "",
  originalTopic: "",
  q: "",
  since: null,
  until: null,
};

/** The URL parameters this module owns; others (a job id, say) are left alone. */
export const DLQ_FILTER_PARAMS = ["status", "error", "originalTopic", "q", "since", "until"] as const;

function isStatus(value: string | null): value is DlqStatusFilter {
  return DLQ_STATUSES.some((status) => status.value === value);
}

/** An ISO time normalised to the form the API accepts, or null when it is not a time. */
export function normaliseIsoTime(text: string | null | undefined): string | null {
  if (!text || text.trim() === "") return null;
  const time = Date.parse(text.trim());
  if (Number.isNaN(time)) return null;
  return new Date(time).toISOString();
}

interface ParamReader {
  get(name: string): string | null;
}

/** Filters from the page URL. Unknown statuses and unparseable times fall back to their defaults. */
export function filtersFromSearchParams(params: ParamReader): DlqFilters {
  const status = params.get("status");
  return {
    status: isStatus(status) ? status : DEFAULT_DLQ_FILTERS.status,
    error: params.get("error") ?? "",
    originalTopic: params.get("originalTopic") ?? "",
    q: (params.get("q") ?? "").trim(),
    since: normaliseIsoTime(params.get("since")),
    until: normaliseIsoTime(params.get("until")),
  };
}

/**
 * The query string for `filters`, keeping the parameters of `current` this module does not own.
 * Defaults and empty values are left out, so an unfiltered page has a clean URL. No leading "?".
 */
export function filtersToSearch(filters: DlqFilters, current: string | URLSearchParams = ""): string {
  const params = new URLSearchParams(current);
  for (const name of DLQ_FILTER_PARAMS) params.delete(name);
  if (filters.status !== DEFAULT_DLQ_FILTERS.status) params.set("status", filters.status);
  if (filters.error !== "") params.set("error", filters.error);
  if (filters.originalTopic !== "") params.set("originalTopic", filters.originalTopic);
  if (filters.q.trim() !== "") params.set("q", filters.q.trim());
  if (filters.since) params.set("since", filters.since);
  if (filters.until) params.set("until", filters.until);
  return params.toString();
}

/** A stable text for the filters: a new one starts paging and selection again. */
export function filtersKey(filters: DlqFilters): string {
  return JSON.stringify([filters.status, filters.error, filters.originalTopic, filters.q, filters.since, filters.until]);
}

/** True when anything narrows the list besides the status. */
export function hasContentFilters(filters: DlqFilters): boolean {
  return filters.error !== "" || filters.originalTopic !== "" || filters.q !== "" || filters.since !== null || filters.until !== null;
}

/** The query of GET /dlq/{topic}/messages for one page. */
export function messagesParams(filters: DlqFilters, limit: number, cursor: string | null, order: DlqOrder = { sort: null, dir: "asc" }): DlqMessagesParams {
  return {
    status: filters.status,
    q: filters.q,
    error: filters.error,
    originalTopic: filters.originalTopic,
    since: filters.since,
    until: filters.until,
    limit,
    cursor,
    sort: order.sort,
    dir: order.dir,
  };
}

/** The `filter` of a requeue or discard body; null when nothing but the status is set. */
export function filterBodyOf(filters: DlqFilters): DlqFilterBody | null {
  if (!hasContentFilters(filters)) return null;
  return {
    ...(filters.q !== "" ? { q: filters.q } : {}),
    ...(filters.error !== "" ? { error: filters.error } : {}),
    ...(filters.originalTopic !== "" ? { originalTopic: filters.originalTopic } : {}),
    ...(filters.since ? { since: filters.since } : {}),
    ...(filters.until ? { until: filters.until } : {}),
  };
}

/** "Everything matching the filter" as an action body: `{filter}`, or `{all: true}` without one. */
export function selectorForFilters(filters: DlqFilters): DlqTargetSelector {
  const filter = filterBodyOf(filters);
  return filter ? { filter } : { all: true };
}

/** Whether "act on everything matching" makes sense: requeue and discard only touch pending messages. */
export function filterCoversPending(filters: DlqFilters): boolean {
  return filters.status === "pending" || filters.status === "all";
}

/** One line saying what is shown: "pending, error “Timeout”, containing “abc”". */
export function describeFilters(filters: DlqFilters, formatTime: (iso: string) => string): string {
  const parts: string[] = [filters.status === "all" ? "all statuses" : filters.status];
  if (filters.error !== "") parts.push(`error “${filters.error}”`);
  if (filters.originalTopic !== "") parts.push(`original topic “${filters.originalTopic}”`);
  if (filters.q !== "") parts.push(`containing “${filters.q}”`);
  if (filters.since) parts.push(`since ${formatTime(filters.since)}`);
  if (filters.until) parts.push(`until ${formatTime(filters.until)}`);
  return parts.join(", ");
}

// ---------- The filter form ----------

/** What the operator types: times as the tables show them (lib/client/time-input.ts). */
export interface DlqFilterDraft {
  status: DlqStatusFilter;
  error: string;
  originalTopic: string;
  q: string;
  since: string;
  until: string;
}

export function draftFromFilters(filters: DlqFilters, zone: TimeZoneChoice = "local"): DlqFilterDraft {
  const local = (iso: string | null) => timeInputValue(iso, zone);
  return {
    status: filters.status,
    error: filters.error,
    originalTopic: filters.originalTopic,
    q: filters.q,
    since: local(filters.since),
    until: local(filters.until),
  };
}

export type FiltersFromDraft =
  | { ok: true; filters: DlqFilters }
  | { ok: false; field: "since" | "until"; message: string };

/**
 * Filters from the form. Error and original topic are exact matches, so they are kept as typed
 * (an error text may well end in a space); the text search is trimmed.
 */
export function filtersFromDraft(draft: DlqFilterDraft, previous?: DlqFilters, zone: TimeZoneChoice = "local"): FiltersFromDraft {
  const sinceInput = parseTimeInput(draft.since, zone);
  if (sinceInput && !sinceInput.ok) return { ok: false, field: "since", message: `Since: ${sinceInput.message}` };
  let since = sinceInput ? sinceInput.iso : null;
  const untilInput = parseTimeInput(draft.until, zone);
  if (untilInput && !untilInput.ok) return { ok: false, field: "until", message: `Until: ${untilInput.message}` };
  let until = untilInput ? untilInput.iso : null;
  // An untouched time keeps exactly what it came with from the URL (sub-millisecond text included).
  if (previous?.since && since && draftFromFilters(previous, zone).since === draft.since) since = previous.since;
  if (previous?.until && until && draftFromFilters(previous, zone).until === draft.until) until = previous.until;
  if (since && until && since > until) return { ok: false, field: "until", message: "Until must be after since" };
  return {
    ok: true,
    filters: { status: draft.status, error: draft.error, originalTopic: draft.originalTopic, q: draft.q.trim(), since, until },
  };
}

// ---------- Links ----------

export const dlqHref = {
  list: (clusterId: string) => `/clusters/${encodeURIComponent(clusterId)}/dlq`,
  detail: (clusterId: string, topic: string, filters?: Partial<DlqFilters>) => {
    const base = `/clusters/${encodeURIComponent(clusterId)}/dlq/${encodeURIComponent(topic)}`;
    const search = filters ? filtersToSearch({ ...DEFAULT_DLQ_FILTERS, ...filters }) : "";
    return search ? `${base}?${search}` : base;
  },
};

export const jobHref = {
  list: () => "/jobs",
  detail: (jobId: string) => `/jobs/${encodeURIComponent(jobId)}`,
};

/** The DLQ page's cursor in the URL (?cursor=), as the API returned it; null for the first page or anything else. */
export function dlqCursorFromSearch(params: ParamReader): string | null {
  const text = params.get("cursor") ?? "";
  return /^[A-Za-z0-9_-]{1,200}$/.test(text) ? text : null;
}

/** `search` with the page's cursor set, or removed for the first page. No leading "?". */
export function withDlqCursor(search: string, cursor: string | null): string {
  const params = new URLSearchParams(search);
  if (cursor) params.set("cursor", cursor);
  else params.delete("cursor");
  return params.toString();
}
