import { describe, expect, it } from "vitest";
import type { DlqRow } from "@/lib/contract/dlq";
import type { TopicRow } from "@/lib/contract/topics";
import { DLQ_LIST, orderDlqs } from "@/lib/client/dlq-list";
import { compareBy, hasFilters, listFromSearch, listToSearch, matchesText, noMatchTitle, withFilter, withoutFilters, withSort, type ListSpec } from "@/lib/client/list-state";
import { filterTopics, TOPIC_LIST } from "@/lib/client/topic-list";

type Sort = "createdAt" | "kind";
const SPEC: ListSpec<Sort> = { sorts: ["createdAt", "kind"], defaultSort: "createdAt", firstDir: (sort) => (sort === "kind" ? "asc" : "desc"), filters: { state: ["failed", "running"] } };
const params = (text: string) => new URLSearchParams(text);

describe("a list's state in the URL", () => {
  it("reads defaults from an empty URL and writes nothing back", () => {
    const state = listFromSearch(SPEC, params(""));
    expect(state).toEqual({ q: "", sort: "createdAt", dir: "desc", filters: { state: "" }, page: 1, cursor: "" });
    expect(listToSearch(SPEC, state)).toBe("");
  });

  it("round-trips every part and keeps parameters that are not the list's", () => {
    const state = listFromSearch(SPEC, params("q=bill&sort=kind&dir=desc&state=failed&page=3&cursor=abc&tab=x"));
    expect(state).toEqual({ q: "bill", sort: "kind", dir: "desc", filters: { state: "failed" }, page: 3, cursor: "abc" });
    expect(listToSearch(SPEC, state, "tab=x&q=old")).toBe("tab=x&q=bill&sort=kind&dir=desc&state=failed&page=3&cursor=abc");
  });

  it("falls back to defaults on hostile or unknown values instead of failing", () => {
    const state = listFromSearch(SPEC, params(`sort=__proto__&dir=sideways&state=constructor&page=-1&cursor=${"x".repeat(16_001)}&q=${"a".repeat(900)}`));
    expect(state).toMatchObject({ sort: "createdAt", dir: "desc", filters: { state: "" }, page: 1, cursor: "" });
    expect(state.q).toHaveLength(500);
    expect(listFromSearch(SPEC, params("page=1e9")).page).toBe(1);
    expect(listFromSearch(SPEC, params("page=99999999")).page).toBe(1);
    // A Redis SCAN cursor carries keys: thousands of characters are a real cursor.
    expect(listFromSearch(SPEC, params(`cursor=${"y".repeat(16_000)}`)).cursor).toHaveLength(16_000);
  });

  it("a header click flips the same column, starts another at its first direction, and goes back to page one", () => {
    const onPage3 = listFromSearch(SPEC, params("page=3&cursor=c"));
    const byKind = withSort(SPEC, onPage3, "kind");
    expect(byKind).toMatchObject({ sort: "kind", dir: "asc", page: 1, cursor: "" });
    expect(withSort(SPEC, byKind, "kind").dir).toBe("desc");
    expect(listToSearch(SPEC, withSort(SPEC, byKind, "kind"))).toBe("sort=kind&dir=desc");
  });

  it("filters go back to page one; clearing keeps the sort", () => {
    const state = withFilter(listFromSearch(SPEC, params("sort=kind&page=4")), { q: "x", filters: { state: "running" } });
    expect(state).toMatchObject({ q: "x", filters: { state: "running" }, page: 1 });
    expect(hasFilters(state)).toBe(true);
    const cleared = withoutFilters(state);
    expect(cleared).toMatchObject({ q: "", filters: { state: "" }, sort: "kind" });
    expect(hasFilters(cleared)).toBe(false);
  });

  it("names what matched nothing", () => {
    const state = withFilter(listFromSearch(SPEC, params("")), { q: " abc ", filters: { state: "failed" } });
    expect(noMatchTitle("jobs", state)).toBe("No jobs match “abc” with state failed");
    expect(noMatchTitle("jobs", withoutFilters(state))).toBe("No jobs match");
  });
});

describe("comparing and matching rows", () => {
  const rows = [{ name: "b", n: 2 }, { name: "a10", n: null }, { name: "a2", n: 2 }, { name: "c", n: 9 }];
  it("puts unknown figures last whichever the direction and breaks ties by name", () => {
    expect([...rows].sort(compareBy((r) => r.n, "desc", (r) => r.name)).map((r) => r.name)).toEqual(["c", "a2", "b", "a10"]);
    expect([...rows].sort(compareBy((r) => r.n, "asc", (r) => r.name)).map((r) => r.name)).toEqual(["a2", "b", "c", "a10"]);
    expect([...rows].sort(compareBy((r) => r.name, "asc", (r) => r.name)).map((r) => r.name)).toEqual(["a2", "a10", "b", "c"]);
  });
  it("matches plain text, case-insensitively, never as a pattern", () => {
    expect(matchesText("ORD", "orders")).toBe(true);
    expect(matchesText(".*", "orders")).toBe(false);
    expect(matchesText("(", "a(b")).toBe(true);
    expect(matchesText("", null)).toBe(true);
    expect(matchesText("x", null, undefined)).toBe(false);
  });
});

describe("the DLQ list", () => {
  const dlq = (topic: string, messages: number, pending: number, originalTopics: string[] = []): DlqRow => ({ topic, kind: "topic", originalTopics, messages, pending });
  const rows = [dlq("a.dlq", 10, 0, ["a"]), dlq("b.dlq", 5, 5, ["billing"]), dlq("c.dlq", 50, 2)];
  const state = (text: string) => listFromSearch(DLQ_LIST, params(text));
  it("is most pending first by default, sortable by any figure or name", () => {
    expect(orderDlqs(rows, state("")).map((r) => r.topic)).toEqual(["b.dlq", "c.dlq", "a.dlq"]);
    expect(orderDlqs(rows, state("sort=messages")).map((r) => r.topic)).toEqual(["c.dlq", "a.dlq", "b.dlq"]);
    expect(orderDlqs(rows, state("sort=topic&dir=desc")).map((r) => r.topic)).toEqual(["c.dlq", "b.dlq", "a.dlq"]);
  });
  it("filters by name or original topic, and by whether anything is pending", () => {
    expect(orderDlqs(rows, state("q=BILL")).map((r) => r.topic)).toEqual(["b.dlq"]);
    expect(orderDlqs(rows, state("pending=none")).map((r) => r.topic)).toEqual(["a.dlq"]);
    expect(orderDlqs(rows, state("pending=some&sort=topic")).map((r) => r.topic)).toEqual(["b.dlq", "c.dlq"]);
  });
});

describe("the topic list's kind filter", () => {
  const topic = (name: string, dlq: boolean): TopicRow => ({ name, partitions: 1, messages: 0, bytes: null, msgsPerSec: null, bytesPerSec: null, dlq });
  const topics = [topic("orders", false), topic("orders.dlq", true), topic("__consumer_offsets", false)];
  it("keeps DLQs only, or everything but DLQs", () => {
    expect(filterTopics(topics, "", false, "dlq").map((t) => t.name)).toEqual(["orders.dlq"]);
    expect(filterTopics(topics, "", true, "regular").map((t) => t.name)).toEqual(["orders", "__consumer_offsets"]);
    expect(listToSearch(TOPIC_LIST, withFilter(listFromSearch(TOPIC_LIST, params("")), { filters: { kind: "dlq", internal: "show" } }))).toBe("kind=dlq&internal=show");
  });
});

describe("the audit log's list", () => {
  it("keeps typed filters (user, action, since) in the URL, trimmed and bounded", async () => {
    const { AUDIT_LIST, auditFiltersOf } = await import("@/lib/client/audit-list");
    const state = listFromSearch(AUDIT_LIST, params(`actor=${"a".repeat(300)}&action=auth.&sort=actor&q=x`));
    expect(state.filters.actor).toHaveLength(200);
    expect(auditFiltersOf(state, "")).toMatchObject({ action: "auth.", q: "x", sort: "actor", dir: "asc" });
    expect(auditFiltersOf(listFromSearch(AUDIT_LIST, params("")), "")).toEqual({ actor: "", action: "", since: "" });
    expect(auditFiltersOf(listFromSearch(AUDIT_LIST, params(`q=${"q".repeat(400)}&action=${"a".repeat(150)}`)), "")).toMatchObject({ q: "q".repeat(200), action: "a".repeat(100) });
    expect(listToSearch(AUDIT_LIST, withFilter(state, { filters: { actor: " bob ", since: "" } }))).toBe("q=x&sort=actor&actor=bob&action=auth.");
  });

  it("reads back its own cursors and starts over on anything else", async () => {
    const { decodeAuditCursor, encodeAuditCursor, auditAfter } = await import("@/lib/audit/audit-list-query");
    const position = { value: "bob", at: new Date("2026-01-01T00:00:00Z"), id: "c1" };
    expect(decodeAuditCursor(encodeAuditCursor(position))).toEqual(position);
    for (const bad of ["", "%%%", Buffer.from("[1,2,3]").toString("base64url"), Buffer.from('["a","not a time","c"]').toString("base64url")]) {
      expect(decodeAuditCursor(bad)).toBeNull();
    }
    expect(auditAfter({ sort: "actor" }, position)).toEqual({
      OR: [{ actor: { gt: "bob" } }, { actor: "bob", at: { gt: position.at } }, { actor: "bob", at: position.at, id: { gt: "c1" } }],
    });
    expect(auditAfter({ sort: "at" }, position)).toEqual({ OR: [{ at: { lt: position.at } }, { at: position.at, id: { lt: "c1" } }] });
  });
});

describe("idempotency record order", () => {
  it("is what the store can give, and says why when it is not what was asked", async () => {
    const { effectiveRecordSort, searchedNote } = await import("@/lib/client/idempotency-list");
    expect(effectiveRecordSort({ q: "", sort: "processedAt" }, { kind: "redis", canNewest: true })).toEqual({ api: "newest", column: "processedAt", note: null });
    // Redis cannot order a search itself: newest first ranks what the search found (searchedNote).
    expect(effectiveRecordSort({ q: "x", sort: "processedAt" }, { kind: "redis", canNewest: true })).toEqual({ api: "newest", column: "processedAt", note: null });
    expect(effectiveRecordSort({ q: "x", sort: "processedAt" }, { kind: "redis", canNewest: false })).toMatchObject({ api: "store", column: null, note: expect.stringContaining("Redis keeps keys unordered") });
    expect(searchedNote({ matched: 2, complete: true }, "x")).toBe("Newest first among all 2 records matching “x”.");
    expect(searchedNote({ matched: 10_000, complete: false }, "x")).toContain("among the first 10,000 records found");
    expect(searchedNote(undefined, "x")).toBeNull();
    expect(effectiveRecordSort({ q: "", sort: "processedAt" }, { kind: "postgres", canNewest: false })).toMatchObject({ api: "store", column: "key" });
    expect(effectiveRecordSort({ q: "x", sort: "key" }, { kind: "postgres", canNewest: true })).toEqual({ api: "store", column: "key", note: null });
  });
});
