// The message browser's form: what the operator typed -> the API query, with input errors caught
// before a request is sent.
import type { MessageBrowseParams } from "@/lib/query-keys";
import type { MessageCursor } from "./api-types";
import { dateTimeLocalToIso } from "./format";
import { DEFAULT_MESSAGE_LIMIT, MESSAGE_LIMITS } from "./query-config";

export interface MessageBrowseDraft {
  /** "all" or a partition number as text. */
  partition: string;
  /** Offset / stream sequence as typed. */
  from: string;
  /** <input type="datetime-local"> value, local time. */
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

export function buildBrowseParams(draft: MessageBrowseDraft): BrowseParamsResult {
  let partition: number | null = null;
  if (draft.partition !== "all" && draft.partition !== "") {
    if (!WHOLE_NUMBER.test(draft.partition)) return { ok: false, field: "partition", message: "Pick a partition" };
    partition = Number(draft.partition);
  }
  let from: number | null = null;
  const fromText = draft.from.trim();
  if (fromText !== "") {
    if (!WHOLE_NUMBER.test(fromText) || !Number.isSafeInteger(Number(fromText))) {
      return { ok: false, field: "from", message: "From offset must be a whole number, 0 or more" };
    }
    from = Number(fromText);
  }
  let since: string | null = null;
  if (draft.since.trim() !== "") {
    since = dateTimeLocalToIso(draft.since);
    if (since === null) return { ok: false, field: "since", message: "Since must be a date and time" };
  }
  if (!(MESSAGE_LIMITS as readonly number[]).includes(draft.limit)) {
    return { ok: false, field: "limit", message: `Limit must be one of ${MESSAGE_LIMITS.join(", ")}` };
  }
  return { ok: true, params: { partition, from, since, limit: draft.limit, q: draft.q.trim() } };
}

/** The query for the page after `current`: the server's `next` cursor, same limit and filter. */
export function nextPageParams(current: MessageBrowseParams, next: MessageCursor): MessageBrowseParams {
  return { ...current, partition: next.partition, from: next.offset, since: null };
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
  if (lowestShown === null || lowestShown <= partitionLow) return null;
  return { ...current, from: Math.max(partitionLow, lowestShown - current.limit), since: null };
}
