import { describe, expect, it } from "vitest";
import { jobPageParams, JOB_LIST } from "@/lib/client/job-list";
import { listFromSearch } from "@/lib/client/list-state";
import { containsText } from "@/lib/db/contains-text";
import { listJobsQuery as jobsQuerySchema } from "@/lib/contract/jobs";
import { jobMatchesText, jobOrderBy, jobWhere } from "@/lib/jobs/job-list-query";

describe("job list text search", () => {
  it("escapes LIKE's wildcards on PostgreSQL and says SQLite can only narrow a q holding them", () => {
    expect(containsText("100%_a\\b", "postgres")).toEqual({ filter: { contains: "100\\%\\_a\\\\b", mode: "insensitive" }, exact: true });
    expect(containsText("orders.dlq", "sqlite")).toEqual({ filter: { contains: "orders.dlq" }, exact: true });
    expect(containsText("ab%_longest", "sqlite")).toEqual({ filter: { contains: "longest" }, exact: false });
    expect(containsText("%_", "sqlite")).toEqual({ filter: null, exact: false });
  });

  it("matches topic and target from their start only for people who may not see clear values", () => {
    const row = { id: "j1", clusterId: "k", createdBy: "ann", params: JSON.stringify({ topic: "orders.dlq", setHeaders: { authorization: "secret" } }) };
    expect(jobMatchesText(row, "ORDERS", false)).toBe(true);
    expect(jobMatchesText(row, "dlq", false)).toBe(false);
    expect(jobMatchesText(row, "secret", false)).toBe(false);
    expect(jobMatchesText(row, "secret", true)).toBe(true);
    expect(jobMatchesText(row, "ann", false)).toBe(true);
  });

  it("leaves the text condition out when q is only wildcards on SQLite (every row is checked instead)", () => {
    expect(jobWhere({ q: "%", state: "failed" }, { database: "sqlite", searchAllParams: true })).toEqual({ where: { state: "failed" }, exact: false });
    expect(jobWhere({ q: " x " }, { database: "sqlite", searchAllParams: true }).where.OR).toHaveLength(4);
  });
});

describe("job list order", () => {
  it("keeps unset times last and breaks ties newest first, then by id", () => {
    expect(jobOrderBy({ sort: "startedAt" })).toEqual([{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }]);
    expect(jobOrderBy({ sort: "kind" })).toEqual([{ kind: "asc" }, { createdAt: "desc" }, { id: "asc" }]);
    expect(jobOrderBy({ sort: "createdAt" })).toEqual([{ createdAt: "desc" }, { id: "desc" }]);
  });

  it("validates what a query asks for", () => {
    expect(jobsQuerySchema.safeParse({ sort: "params" }).success).toBe(false);
    expect(jobsQuerySchema.safeParse({ q: "x".repeat(201) }).success).toBe(false);
    expect(jobsQuerySchema.parse({ sort: "failed", state: "failed" })).toMatchObject({ sort: "failed", state: "failed", limit: 50 });
  });

  it("asks the API for what the URL says, defaults left out", () => {
    expect(jobPageParams(listFromSearch(JOB_LIST, new URLSearchParams("")), 25)).toEqual({ limit: 25, cursor: null });
    expect(jobPageParams(listFromSearch(JOB_LIST, new URLSearchParams("sort=failed&state=failed&kind=replay&q=%20x%20&cursor=c1")), 25)).toEqual({
      limit: 25,
      cursor: "c1",
      sort: "failed",
      dir: "desc",
      state: "failed",
      kind: "replay",
      q: "x",
    });
  });
});

it("cuts a search text from the URL to what the jobs API accepts", () => {
  expect(jobPageParams(listFromSearch(JOB_LIST, new URLSearchParams(`q=${"x".repeat(400)}`)), 25).q).toHaveLength(200);
});
