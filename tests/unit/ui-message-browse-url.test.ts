import { describe, expect, it } from "vitest";
import { browseDraftFromSearch, browseParamsToSearch, buildBrowseParams, initialBrowseDraft, messageBrowserSearch, nextPageParams, olderPageParams } from "@/lib/client/message-browse";

describe("message browser URL", () => {
  it("opens at the partition and offset a link names, with the search text", () => {
    const draft = browseDraftFromSearch(new URLSearchParams("partition=3&offset=1042&q=order-7"));
    expect(draft).toMatchObject({ partition: "3", from: "1042", q: "order-7" });
    const built = buildBrowseParams(draft);
    expect(built.ok && built.params).toMatchObject({ partition: 3, from: 1042, q: "order-7" });
  });

  it("drops values that are not numbers", () => {
    expect(browseDraftFromSearch(new URLSearchParams("partition=x&offset=-1"))).toMatchObject({ partition: "all", from: "", q: "" });
  });

  it("writes what is browsed back, keeping other parameters", () => {
    const built = buildBrowseParams({ partition: "0", from: "7", since: "", limit: 50, q: "abc" });
    if (!built.ok) throw new Error(built.message);
    expect(browseParamsToSearch(built.params, "order=oldest&offset=1")).toBe("order=oldest&partition=0&offset=7&q=abc");
    expect(messageBrowserSearch(2, 40)).toBe("partition=2&offset=40");
    expect(messageBrowserSearch(undefined, 40)).toBe("offset=40");
  });
});

describe("message ids as positions (Redis Streams: <ms>-<seq> does not fit a number)", () => {
  const big = "18446744073709551615-18446744073709551614";
  it("takes an id typed in From as text, exactly", () => {
    const built = buildBrowseParams({ ...initialBrowseDraft, from: big });
    expect(built).toEqual({ ok: true, params: { partition: null, from: null, fromId: big, since: null, limit: initialBrowseDraft.limit, q: "" } });
  });
  it("follows a next cursor by its id, and links a message by id", () => {
    const current = { partition: null, from: 5, since: null, limit: 50, q: "" };
    expect(nextPageParams(current, { partition: 0, offset: 50, id: "4398046511104-5000" })).toEqual({
      partition: 0,
      from: null,
      fromId: "4398046511104-5000",
      since: null,
      limit: 50,
      q: "",
    });
    expect(messageBrowserSearch(0, 3, big)).toBe(`partition=0&id=${big}`);
    expect(browseDraftFromSearch(new URLSearchParams(`id=${big}`)).from).toBe(big);
  });
  it("has no older page from an id (its offsets are only positional)", () => {
    expect(olderPageParams({ partition: 0, from: null, fromId: "5-0", since: null, limit: 50, q: "" }, 120, 0)).toBeNull();
  });
});
