import { dlqLimitFromSearch, dlqOrderFromSearch, toggleDlqOrder, withDlqLimit, withDlqOrder } from "@/lib/client/dlq-page-url";
import { DEFAULT_DLQ_PAGE_SIZE } from "@/lib/client/query-config";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_DLQ_FILTERS,
  describeFilters,
  dlqHref,
  draftFromFilters,
  filterBodyOf,
  filterCoversPending,
  filtersFromDraft,
  filtersFromSearchParams,
  filtersKey,
  filtersToSearch,
  messagesParams,
  normaliseIsoTime,
  selectorForFilters,
  type DlqFilters,
} from "@/lib/client/dlq-filters";

const filters = (extra: Partial<DlqFilters> = {}): DlqFilters => ({ ...DEFAULT_DLQ_FILTERS, ...extra });

describe("DLQ filters in the URL", () => {
  it("reads defaults from an empty query", () => {
    expect(filtersFromSearchParams(new URLSearchParams(""))).toEqual(DEFAULT_DLQ_FILTERS);
  });

  it("round-trips every filter, including awkward text", () => {
    const original = filters({
      status: "all",
      error: "Timeout after 30 s & retry=3 #1 ?",
      originalTopic: "orders/eu created",
      q: "id=42",
      since: "2024-05-01T10:00:00.000Z",
      until: "2024-05-02T10:00:00.000Z",
    });
    const search = filtersToSearch(original);
    expect(filtersFromSearchParams(new URLSearchParams(search))).toEqual(original);
  });

  it("leaves defaults and empty values out of the URL", () => {
    expect(filtersToSearch(DEFAULT_DLQ_FILTERS)).toBe("");
    expect(filtersToSearch(filters({ status: "requeued" }))).toBe("status=requeued");
    expect(filtersToSearch(filters({ q: "   " }))).toBe("");
  });

  it("keeps parameters it does not own and replaces the ones it does", () => {
    const search = filtersToSearch(filters({ error: "boom" }), "job=abc&error=old&status=all");
    const params = new URLSearchParams(search);
    expect(params.get("job")).toBe("abc");
    expect(params.get("error")).toBe("boom");
    expect(params.has("status")).toBe(false);
  });

  it("ignores an unknown status and times that are not times", () => {
    const read = filtersFromSearchParams(new URLSearchParams("status=deleted&since=yesterday&until=2024-05-01"));
    expect(read.status).toBe("pending");
    expect(read.since).toBeNull();
    expect(read.until).toBe("2024-05-01T00:00:00.000Z");
  });

  it("normalises ISO times to the form the API accepts", () => {
    expect(normaliseIsoTime("2024-05-01T12:00:00+02:00")).toBe("2024-05-01T10:00:00.000Z");
    expect(normaliseIsoTime("")).toBeNull();
    expect(normaliseIsoTime(null)).toBeNull();
  });

  it("builds links to a DLQ with filters", () => {
    expect(dlqHref.list("local kafka")).toBe("/clusters/local%20kafka/dlq");
    expect(dlqHref.detail("c1", "orders.created.dlq")).toBe("/clusters/c1/dlq/orders.created.dlq");
    expect(dlqHref.detail("c1", "a/b#c", { error: "x y" })).toBe("/clusters/c1/dlq/a%2Fb%23c?error=x+y");
  });
});

describe("DLQ filters for the API", () => {
  it("sends a filter only when something besides the status narrows the list", () => {
    expect(filterBodyOf(filters({ status: "all" }))).toBeNull();
    expect(selectorForFilters(filters())).toEqual({ all: true });
    expect(selectorForFilters(filters({ error: "boom", originalTopic: "orders" }))).toEqual({
      filter: { error: "boom", originalTopic: "orders" },
    });
    expect(filterBodyOf(filters({ since: "2024-05-01T00:00:00.000Z", q: "x" }))).toEqual({ since: "2024-05-01T00:00:00.000Z", q: "x" });
  });

  it("makes the page query with limit and cursor", () => {
    expect(messagesParams(filters({ error: "e" }), 50, "abc")).toEqual({
      status: "pending",
      q: "",
      error: "e",
      originalTopic: "",
      since: null,
      until: null,
      limit: 50,
      cursor: "abc",
      sort: null,
      dir: "asc",
    });
    expect(messagesParams(filters(), 20, null, { sort: "error", dir: "desc" })).toMatchObject({ limit: 20, cursor: null, sort: "error", dir: "desc" });
  });

  it("knows when acting on 'everything matching' covers pending messages", () => {
    expect(filterCoversPending(filters())).toBe(true);
    expect(filterCoversPending(filters({ status: "all" }))).toBe(true);
    expect(filterCoversPending(filters({ status: "requeued" }))).toBe(false);
  });

  it("gives different keys to different filters", () => {
    expect(filtersKey(filters())).toBe(filtersKey(filters()));
    expect(filtersKey(filters({ error: "a" }))).not.toBe(filtersKey(filters({ originalTopic: "a" })));
  });

  it("describes the filters in words", () => {
    expect(describeFilters(filters(), (iso) => iso)).toBe("pending");
    expect(describeFilters(filters({ status: "all", error: "boom", q: "42" }), (iso) => iso)).toBe("all statuses, error “boom”, containing “42”");
  });
});

describe("DLQ filter form", () => {
  it("turns local times into ISO and back", () => {
    const draft = { status: "pending" as const, error: "", originalTopic: "", q: " abc ", since: "2024-05-01T10:00", until: "" };
    const result = filtersFromDraft(draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.filters.q).toBe("abc");
    expect(result.filters.since).toBe(new Date("2024-05-01T10:00").toISOString());
    expect(draftFromFilters(result.filters, "utc").since).toMatch(/^2024-05-0[12] \d\d:\d\d:00 UTC$/);
    expect(draftFromFilters({ ...result.filters, since: "2024-05-01T10:00:00.000Z" }, "utc").since).toBe("2024-05-01 10:00:00 UTC");
    // What the form shows is read back whatever zone is chosen (the zone is written out).
    const shown = draftFromFilters(result.filters, "local");
    const again = filtersFromDraft(shown, undefined, "utc");
    expect(again.ok && again.filters.since).toBe(result.filters.since);
  });

  it("keeps exact-match text as typed", () => {
    const result = filtersFromDraft({ status: "all", error: "  spaced error ", originalTopic: "t ", q: "", since: "", until: "" });
    expect(result.ok && result.filters.error).toBe("  spaced error ");
    expect(result.ok && result.filters.originalTopic).toBe("t ");
  });

  it("keeps the seconds of an untouched time from the URL", () => {
    const previous = filters({ since: new Date(2024, 4, 1, 10, 0, 42).toISOString() });
    const result = filtersFromDraft(draftFromFilters(previous), previous);
    expect(result.ok && result.filters.since).toBe(previous.since);
  });

  it("refuses an until before since, and unparseable times", () => {
    expect(filtersFromDraft({ status: "pending", error: "", originalTopic: "", q: "", since: "2024-05-02T00:00", until: "2024-05-01T00:00" })).toMatchObject({
      ok: false,
      field: "until",
    });
    expect(filtersFromDraft({ status: "pending", error: "", originalTopic: "", q: "", since: "not a time", until: "" })).toMatchObject({
      ok: false,
      field: "since",
    });
  });
});

describe("the DLQ page's cursor in the URL", () => {
  it("reads back a cursor the API could have returned, nothing else", async () => {
    const { dlqCursorFromSearch, withDlqCursor } = await import("@/lib/client/dlq-filters");
    expect(dlqCursorFromSearch(new URLSearchParams("cursor=MDoxMg"))).toBe("MDoxMg");
    for (const bad of ["", "cursor=", "cursor=a%2Fb", `cursor=${"a".repeat(201)}`]) expect(dlqCursorFromSearch(new URLSearchParams(bad))).toBeNull();
    expect(withDlqCursor("status=all&cursor=old", "MDoxMg")).toBe("status=all&cursor=MDoxMg");
    expect(withDlqCursor("status=all&cursor=old", null)).toBe("status=all");
  });
});

describe("a DLQ page's order and page size in the URL", () => {
  const read = (search: string) => dlqOrderFromSearch(new URLSearchParams(search));

  it("reads DLQ order without a sort, a column's own direction without dir, and ignores the unknown", () => {
    expect(read("")).toEqual({ sort: null, dir: "asc" });
    expect(read("sort=time")).toEqual({ sort: "time", dir: "desc" });
    expect(read("sort=error&dir=desc")).toEqual({ sort: "error", dir: "desc" });
    expect(read("sort=payload&dir=desc")).toEqual({ sort: null, dir: "asc" });
    expect(read("sort=error&dir=sideways")).toEqual({ sort: "error", dir: "asc" });
  });

  it("writes the order without defaults, keeps the filters and starts again at page one", () => {
    expect(withDlqOrder("status=all&cursor=abc", { sort: "error", dir: "asc" })).toBe("status=all&sort=error");
    expect(withDlqOrder("sort=error&cursor=abc", { sort: "error", dir: "desc" })).toBe("sort=error&dir=desc");
    expect(withDlqOrder("sort=error&dir=desc&q=x", { sort: null, dir: "asc" })).toBe("q=x");
  });

  it("flips the sorted column, starts another at its own direction, and Id is DLQ order", () => {
    expect(toggleDlqOrder({ sort: null, dir: "asc" }, "time")).toEqual({ sort: "time", dir: "desc" });
    expect(toggleDlqOrder({ sort: "time", dir: "desc" }, "time")).toEqual({ sort: "time", dir: "asc" });
    expect(toggleDlqOrder({ sort: "time", dir: "asc" }, "originalTopic")).toEqual({ sort: "originalTopic", dir: "asc" });
    expect(toggleDlqOrder({ sort: "error", dir: "desc" }, "id")).toEqual({ sort: null, dir: "asc" });
  });

  it("keeps a known page size, the default left out", () => {
    expect(dlqLimitFromSearch(new URLSearchParams("limit=20"))).toBe(20);
    expect(dlqLimitFromSearch(new URLSearchParams("limit=7"))).toBe(DEFAULT_DLQ_PAGE_SIZE);
    expect(withDlqLimit("cursor=abc&q=x", 20)).toBe("q=x&limit=20");
    expect(withDlqLimit("limit=20", DEFAULT_DLQ_PAGE_SIZE)).toBe("");
  });
});
