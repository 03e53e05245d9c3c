import { describe, expect, it } from "vitest";
import { outboxLayout } from "@/lib/outbox/layout";
import { actionUpdateQuery, backlogQuery, rowsQuery, eventRowsQuery, type ResolvedOutbox } from "@/lib/outbox/queries";
import { mysqlDialect, postgresDialect, checkedIdent } from "@/lib/outbox/sql-dialect";
import { outboxSourceSchema } from "@/lib/outbox/source-schema";
import { evaluateOutboxStatus, publishRateBetween } from "@/lib/outbox/outbox-status";
import { decodeRowCursor, encodeRowCursor } from "@/lib/outbox/row-cursor";

const base = { id: "o", kind: "postgres" as const, url: "postgres://u@h/db", table: "reliable_outbox" };
const resolved = (dialect: typeof postgresDialect): ResolvedOutbox => {
  const layout = outboxLayout(base);
  return { table: dialect.ident("reliable_outbox"), columns: layout.columns, layout, kinds: { id: "uuid", topic: "text" } };
};

describe("outbox config", () => {
  it("takes the seeds' columns by default and Debezium's with layout: debezium", () => {
    expect(outboxLayout(base).columns).toMatchObject({ id: "id", topic: "topic", status: "status", attempts: "attempts", nextRetryAt: "next_retry_at", createdAt: "created_at" });
    expect(outboxLayout({ ...base, layout: "debezium" }).columns).toMatchObject({ aggregateType: "aggregatetype", aggregateId: "aggregateid", type: "type", status: null });
    expect(outboxLayout({ ...base, columns: { attempts: null, nextRetryAt: "retry_at" } }).columns).toMatchObject({ attempts: null, nextRetryAt: "retry_at" });
  });

  it("refuses names that are not plain SQL identifiers", () => {
    for (const table of ["x; DROP TABLE y", 'a"b', "a.b.c", "1abc", "a b", ""]) {
      expect(outboxSourceSchema.safeParse({ ...base, table }).success, table).toBe(false);
    }
    expect(outboxSourceSchema.safeParse({ ...base, columns: { status: "status) OR (1=1" } }).success).toBe(false);
    expect(outboxSourceSchema.safeParse({ ...base, table: "app.reliable_outbox" }).success).toBe(true);
    expect(() => checkedIdent('x"; --')).toThrow();
  });
});

describe("outbox queries", () => {
  it("quote every identifier and pass every value as a parameter", () => {
    for (const dialect of [postgresDialect, mysqlDialect]) {
      const q = rowsQuery(dialect, resolved(dialect), { status: "pend'ing", q: "50%_off" }, 51, { id: "abc", createdAt: "2026-12-07 03:00:00" });
      expect(q.sql).not.toContain("pend'ing");
      expect(q.sql).not.toContain("50%");
      expect(q.params).toContain("pend'ing");
      expect(q.params).toContain("%50\\%\\_off%");
      const quote = dialect.name === "postgres" ? '"' : "`";
      expect(q.sql).toContain(`${quote}created_at${quote} DESC`);
    }
    const pg = rowsQuery(postgresDialect, resolved(postgresDialect), {}, 10);
    expect(pg.sql).toMatch(/LIMIT \$1$/);
    const my = rowsQuery(mysqlDialect, resolved(mysqlDialect), { status: "x" }, 10);
    expect(my.sql.match(/\?/g)).toHaveLength(my.params.length);
  });

  it("compares ids natively only when the text fits the column's type", () => {
    expect(eventRowsQuery(postgresDialect, resolved(postgresDialect), "not-a-uuid", 5)).toBeNull();
    const q = eventRowsQuery(postgresDialect, resolved(postgresDialect), "6f1b8f8e-3c1e-4a53-9d0f-1f2e3d4c5b6a", 5)!;
    expect(q.sql).toContain('"id" = $1');
  });

  it("backlog counts unpublished rows; actions never touch published ones", () => {
    const q = backlogQuery(postgresDialect, resolved(postgresDialect));
    expect(q.params).toEqual(expect.arrayContaining(["pending", 5, 60]));
    expect(q.params).not.toContain("published");
    const retry = actionUpdateQuery(postgresDialect, resolved(postgresDialect), "retry", ["6f1b8f8e-3c1e-4a53-9d0f-1f2e3d4c5b6a"]);
    expect(retry.sql).toMatch(/^UPDATE "reliable_outbox" SET "next_retry_at" = now\(\)/);
    expect(retry.params).not.toContain("published");
    const fail = actionUpdateQuery(mysqlDialect, resolved(mysqlDialect), "mark-failed", ["6f1b8f8e-3c1e-4a53-9d0f-1f2e3d4c5b6a"]);
    expect(fail.params[0]).toBe("failed");
    expect(fail.params).not.toContain("failed-not");
  });
});

describe("outbox status", () => {
  const limits = { maxAttempts: 5, retryGraceSeconds: 60, warnAgeSeconds: 60 };
  const figures = { backlog: 3, oldestPendingAgeSeconds: 10, stuck: 0, stuckByAttempts: 0, stuckByRetry: 0, publishRate: 1 };
  it("ok, warn for stuck or old rows, err when nothing is published while old rows wait", () => {
    expect(evaluateOutboxStatus(figures, limits)).toEqual({ status: "ok", reason: "3 rows wait, the oldest for 10 s" });
    expect(evaluateOutboxStatus({ ...figures, stuck: 2, stuckByAttempts: 2 }, limits).reason).toBe("2 rows stuck: 2 rows at 5+ attempts");
    expect(evaluateOutboxStatus({ ...figures, oldestPendingAgeSeconds: 300 }, limits).status).toBe("warn");
    expect(evaluateOutboxStatus({ ...figures, oldestPendingAgeSeconds: 300, publishRate: 0 }, limits).status).toBe("err");
    expect(evaluateOutboxStatus({ ...figures, backlog: 0, oldestPendingAgeSeconds: null }, limits).reason).toBe("nothing waits to be published");
  });
  it("publish rate from the growth of rows published since the anchor", () => {
    expect(publishRateBetween(undefined, { at: 1000, publishedSinceAnchor: 5 })).toBeNull();
    expect(publishRateBetween({ at: 0, publishedSinceAnchor: 5 }, { at: 5000, publishedSinceAnchor: 30 })).toBe(5);
  });
  it("cursors round-trip and junk is a 400", () => {
    expect(decodeRowCursor(encodeRowCursor({ id: "a", createdAt: "2026" }))).toEqual({ id: "a", createdAt: "2026" });
    expect(() => decodeRowCursor("garbage")).toThrow(/cursor/);
    expect(() => decodeRowCursor(Buffer.from('{"a":1}').toString("base64url"))).toThrow(/cursor/);
  });
});
