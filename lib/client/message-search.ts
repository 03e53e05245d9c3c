// The message browser's server-side search (a "Contains" text): what to say about a search answer,
// and how to continue it. The server scans up to a budget per request and answers `scanned` and a
// `next` cursor; Continue sends the cursor back and the totals add up across requests.
import type { MessageBrowseParams } from "@/lib/query-keys";
import type { MessageCursor, MessagesResponse, SearchStop } from "@/lib/contract/topics";
import { ApiError } from "./api-client";
import { formatInteger, pluralize } from "./format";

/** Totals of the requests of one search before the one shown (reset by a new search). */
export interface SearchTally {
  scanned: number;
  found: number;
  requests: number;
}

export const emptyTally: SearchTally = { scanned: 0, found: 0, requests: 0 };

export const isSearch = (params: MessageBrowseParams) => params.q !== "";

/** The search cursor of an answer; null when the search is over or the answer is a browse page. */
export function searchCursor(response: MessagesResponse | undefined): string | null {
  return typeof response?.next === "string" ? response.next : null;
}

/** The browse cursor of an answer; null for a search answer. */
export function pageCursor(response: MessagesResponse | undefined): MessageCursor | null {
  return response?.next && typeof response.next === "object" ? response.next : null;
}

export function continueSearchParams(current: MessageBrowseParams, cursor: string): MessageBrowseParams {
  return { ...current, cursor };
}

/** The tally once the answer shown is counted: what the next request starts from. */
export function addToTally(tally: SearchTally, response: MessagesResponse): SearchTally {
  return { scanned: tally.scanned + (response.scanned ?? 0), found: tally.found + response.messages.length, requests: tally.requests + 1 };
}

const WHY: Record<SearchStop, string> = {
  matches: "stopped at the limit of matches",
  end: "searched to the end",
  scanLimit: "stopped at the scan limit",
  timeBudget: "stopped at the time limit",
};

/** "Scanned 1,234,567 messages, 3 found; stopped at the time limit" (totals over Continue clicks). */
export function searchSummary(tally: SearchTally, response: MessagesResponse): string {
  const total = addToTally(tally, response);
  const scanned = `Scanned ${pluralize(total.scanned, "message")}`;
  const found = `${formatInteger(total.found)} found`;
  const why = response.stoppedBy ? WHY[response.stoppedBy] : null;
  const over = total.requests > 1 ? ` over ${total.requests} requests` : "";
  return `${scanned}, ${found}${over}${why ? `; ${why}` : ""}`;
}

/**
 * The title over a failed search: a 429 means the server already runs its maximum of searches
 * (EVENTSCOPE_MAX_CONCURRENT_SEARCHES), which is not the caller's fault and passes in seconds; the
 * server's message says how many run. Undefined: the usual title for that error.
 */
export function searchErrorTitle(error: unknown): string | undefined {
  return error instanceof ApiError && error.status === 429 ? "The server is busy with other searches: try again in a few seconds" : undefined;
}
