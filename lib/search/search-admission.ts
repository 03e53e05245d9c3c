import "server-only";
import { NextResponse } from "next/server";
import { errorBody } from "@/lib/api/errors";
import { SEARCH_RETRY_AFTER_SECONDS, createSearchSlots, parseMaxConcurrentSearches, searchesBusyMessage, type SearchSlots } from "./search-slots";

// The process-wide search slots (search-slots.ts). Kept on globalThis because bundlers may load this
// module more than once (one copy per server chunk); two copies would each allow the maximum.
const KEY = Symbol.for("eventscope.searchSlots");
type Holder = { [KEY]?: SearchSlots };

export function searchSlots(): SearchSlots {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const { max, problem } = parseMaxConcurrentSearches(process.env.EVENTSCOPE_MAX_CONCURRENT_SEARCHES);
    if (problem) console.error(`[eventscope] ${problem}`);
    holder[KEY] = createSearchSlots(max);
  }
  return holder[KEY];
}

/** The 429 for a search beyond the bound, with Retry-After. */
export function searchesBusyResponse(max: number): Response {
  return NextResponse.json(
    errorBody("rate-limited", searchesBusyMessage(max), { retryAfterSeconds: SEARCH_RETRY_AFTER_SECONDS }),
    { status: 429, headers: { "Retry-After": String(SEARCH_RETRY_AFTER_SECONDS) } },
  );
}
