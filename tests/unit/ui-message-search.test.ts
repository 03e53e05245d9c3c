import { describe, expect, it } from "vitest";
import type { MessagesResponse } from "@/lib/contract/topics";
import { buildBrowseParams, initialBrowseDraft } from "@/lib/client/message-browse";
import { addToTally, continueSearchParams, emptyTally, isSearch, pageCursor, searchCursor, searchSummary } from "@/lib/client/message-search";

const answer = (found: number, scanned: number, extra: Partial<MessagesResponse> = {}): MessagesResponse => ({
  messages: Array.from({ length: found }, (_, i) => ({ partition: 0, offset: i, timestamp: "", key: null, headers: {}, value: "x", encoding: "text", size: 1 }) as never),
  scanned,
  ...extra,
});

describe("message search in the browser", () => {
  it("is a search when Contains has text; a new search carries no cursor", () => {
    const built = buildBrowseParams({ ...initialBrowseDraft, q: " order-42 " });
    expect(built.ok && isSearch(built.params)).toBe(true);
    expect(built.ok && built.params.cursor).toBeUndefined();
    const plain = buildBrowseParams(initialBrowseDraft);
    expect(plain.ok && isSearch(plain.params)).toBe(false);
  });

  it("tells a search cursor from a page cursor", () => {
    expect(searchCursor(answer(0, 5, { next: "czE6MC41" }))).toBe("czE6MC41");
    expect(pageCursor(answer(0, 5, { next: "czE6MC41" }))).toBeNull();
    expect(pageCursor({ messages: [], next: { partition: 1, offset: 9 } })).toEqual({ partition: 1, offset: 9 });
    expect(searchCursor({ messages: [], next: { partition: 1, offset: 9 } })).toBeNull();
    expect(searchCursor(undefined)).toBeNull();
  });

  it("continues with the cursor, keeping the rest of the query", () => {
    const current = { partition: null, from: null, since: null, limit: 50, q: "x" };
    expect(continueSearchParams(current, "abc")).toEqual({ ...current, cursor: "abc" });
  });

  it("sums scanned and found over Continue clicks", () => {
    const first = answer(1, 1_000_000, { next: "a", stoppedBy: "scanLimit" });
    expect(searchSummary(emptyTally, first)).toBe("Scanned 1,000,000 messages, 1 found; stopped at the scan limit");
    const tally = addToTally(emptyTally, first);
    expect(tally).toEqual({ scanned: 1_000_000, found: 1, requests: 1 });
    expect(searchSummary(tally, answer(2, 234_567, { stoppedBy: "end" }))).toBe("Scanned 1,234,567 messages, 3 found over 2 requests; searched to the end");
    expect(searchSummary(emptyTally, answer(0, 1, { stoppedBy: "timeBudget", next: "b" }))).toBe("Scanned 1 message, 0 found; stopped at the time limit");
  });
});

describe("the title over a failed search", () => {
  it("says the server is busy for a 429 and leaves other errors their usual title", async () => {
    const { ApiError } = await import("@/lib/client/api-client");
    const { searchErrorTitle } = await import("@/lib/client/message-search");
    expect(searchErrorTitle(new ApiError(429, "rate-limited", "4 searches are already running; try again in a few seconds"))).toBe(
      "The server is busy with other searches: try again in a few seconds",
    );
    expect(searchErrorTitle(new ApiError(503, "broker-unavailable", "down"))).toBeUndefined();
    expect(searchErrorTitle(new Error("boom"))).toBeUndefined();
  });
});
