// The message browser's form: what the operator typed -> the API query, with input errors caught
// before a request is sent.
import type { MessageBrowseParams } from "@/lib/query-keys";
import type { MessageCursor } from "@/lib/contract/topics";
import type { TimeZoneChoice } from "./format";
import { parseTimeInput } from "./time-input";
import { DEFAULT_MESSAGE_LIMIT, MESSAGE_LIMITS } from "./query-config";

export interface MessageBrowseDraft {
  /** "all" or a partition number as text. */
  partition: string;
  /** Offset / stream sequence as typed. */
  from: string;
  /** A time as the tables show it; without a zone, in the chosen one (lib/client/time-input.ts). */
  since: string;
  limit: number;
  q: string;
}

export const initialBrowseDraft: MessageBrowseDraft = {
  partition: "all",
  from: "",
  since: "",
  limit: DEFAULT_MESSAGE_LIMIT,
  q: "",
};

export type BrowseParamsResult =
  | { ok: true; params: MessageBrowseParams }
  | { ok: false; field: "partition" | "from" | "since" | "limit"; message: string };

const WHOLE_NUMBER = /^\d+$/;
/** A message id where messages carry one (Redis Streams' `<ms>-<seq>`): typed in "From", kept as text. */
const MESSAGE_ID = /^\d{1,20}-\d{1,20}$/;

export function buildBrowseParams(draft: MessageBrowseDraft, zone: TimeZoneChoice = "local"): BrowseParamsResult {
  let partition: number | null = null;
  if (draft.partition !== "all" && draft.partition !== "") {
    if (!WHOLE_NUMBER.test(draft.partition)) return { ok: false, field: "partition", message: "Pick a partition" };
    partition = Number(draft.partition);
  }
  let from: number | null = null;
  let fromId: string | null = null;
  const fromText = draft.from.trim();
  if (MESSAGE_ID.test(fromText)) fromId = fromText;
  else if (fromText !== "") {
    if (!WHOLE_NUMBER.test(fromText) || !Number.isSafeInteger(Number(fromText))) {
      return { ok: false, field: "from", message: "From offset must be a whole number, 0 or more (or a message id such as 1733500000000-0)" };
    }
    from = Number(fromText);
  }
  const sinceInput = parseTimeInput(draft.since, zone);
  if (sinceInput && !sinceInput.ok) return { ok: false, field: "since", message: `Since: ${sinceInput.message}` };
  const since = sinceInput ? sinceInput.iso : null;
  if (!(MESSAGE_LIMITS as readonly number[]).includes(draft.limit)) {
    return { ok: false, field: "limit", message: `Limit must be one of ${MESSAGE_LIMITS.join(", ")}` };
  }
  return { ok: true, params: { partition, from, ...(fromId !== null ? { fromId } : {}), since, limit: draft.limit, q: draft.q.trim() } };
}

/** The query for the page after `current`: the server's `next` cursor, same limit and filter. */
export function nextPageParams(current: MessageBrowseParams, next: MessageCursor): MessageBrowseParams {
  // An id (Redis Streams) is where the next page starts; the offset is then only positional.
  const { fromId: _previous, ...rest } = current;
  if (next.id !== undefined) return { ...rest, partition: next.partition, from: null, fromId: next.id, since: null };
  return { ...rest, partition: next.partition, from: next.offset, since: null };
}

/**
 * The page before the one shown, on one partition (or a stream): the API only pages forward, so
 * step back `limit` offsets from the lowest offset on screen. Null when the start is already shown.
 */
export function olderPageParams(
  current: MessageBrowseParams,
  lowestShown: number | null,
  partitionLow: number,
): MessageBrowseParams | null {
  // From an id the offsets count within the page only: there is no number to step back from.
  if (lowestShown === null || lowestShown <= partitionLow || current.fromId) return null;
  return { ...current, from: Math.max(partitionLow, lowestShown - current.limit), since: null };
}

/** The browser's URL parameters: ?partition=3&offset=1042&q=text, or ?id=<ms>-<seq> (a DLQ message links here). */
const BROWSE_URL_PARAMS = ["partition", "offset", "id", "q"] as const;

/** A draft from the page URL; values that are not numbers are dropped (the form starts clean). */
export function browseDraftFromSearch(params: { get(name: string): string | null }): MessageBrowseDraft {
  const partition = params.get("partition");
  const offset = params.get("offset");
  const id = params.get("id");
  return {
    ...initialBrowseDraft,
    partition: partition !== null && WHOLE_NUMBER.test(partition) ? partition : "all",
    from: id !== null && MESSAGE_ID.test(id) ? id : offset !== null && WHOLE_NUMBER.test(offset) ? offset : "",
    q: (params.get("q") ?? "").slice(0, 500),
  };
}

/** The URL parameters for what is browsed; others on the page are kept. No leading "?". */
export function browseParamsToSearch(params: MessageBrowseParams, current = ""): string {
  const search = new URLSearchParams(current);
  for (const name of BROWSE_URL_PARAMS) search.delete(name);
  if (params.partition !== null) search.set("partition", String(params.partition));
  if (params.fromId) search.set("id", params.fromId);
  else if (params.from !== null) search.set("offset", String(params.from));
  if (params.q) search.set("q", params.q);
  return search.toString();
}

/** Link to a topic's message browser at one message (the DLQ's original message, a trace hit). */
export function messageBrowserSearch(partition: number | null | undefined, offset: number | null | undefined, id?: string): string {
  const search = new URLSearchParams();
  if (partition !== null && partition !== undefined) search.set("partition", String(partition));
  // A message with an id (Redis Streams) is found by it: its offset is only positional.
  if (id !== undefined) search.set("id", id);
  else if (offset !== null && offset !== undefined) search.set("offset", String(offset));
  return search.toString();
}
