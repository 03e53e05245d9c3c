import { containsPattern, type Dialect } from "./sql-dialect";
import type { ColumnMap, ColumnRole, OutboxLayout } from "./layout";
import { fitsKeyKind, type KeyKind } from "@/lib/idempotency/postgres/sql-identifiers";

// The SQL of an outbox source, built from checked, quoted names and placeholders only: every value
// (status lists, ids, search text, cursors, thresholds) is a parameter. Pure, unit-tested.

export interface Query {
  sql: string;
  params: unknown[];
}

/** A table found in the catalog, with the layout's columns as they are named there. */
export interface ResolvedOutbox {
  /** Quoted, qualified table name. */
  table: string;
  columns: ColumnMap;
  layout: OutboxLayout;
  /** How each column compares with a text value: natively when the text fits its type, else as text. */
  kinds: Partial<Record<ColumnRole, KeyKind>>;
}

/**
 * `column = value`, compared natively (so an index on the column serves it) when the value fits the
 * column's type; null when it cannot match (a non-number for an integer id, a non-uuid for a uuid).
 */
function equals(dialect: Dialect, source: ResolvedOutbox, role: ColumnRole, value: string, p: Params): string | null {
  const name = col(dialect, source, role);
  if (!name) return null;
  const kind = source.kinds[role] ?? "other";
  if (kind === "other") return `${dialect.text(name)} = ${p.add(value)}`;
  return fitsKeyKind(kind, value) ? `${name} = ${p.add(value)}` : null;
}

function idIn(dialect: Dialect, source: ResolvedOutbox, ids: readonly string[], p: Params): string {
  const kind = source.kinds.id ?? "other";
  const fitting = ids.filter((id) => kind === "other" || fitsKeyKind(kind, id));
  if (fitting.length === 0) return "1 = 0";
  const id = dialect.ident(source.columns.id);
  return `${kind === "other" ? dialect.text(id) : id} IN (${p.list(fitting)})`;
}

/** Collects parameters in the order they appear, so "?" (MySQL) and "$n" (PostgreSQL) both work. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length);
  }
  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(", ");
  }
}

function col(dialect: Dialect, source: ResolvedOutbox, role: ColumnRole): string | null {
  const name = source.columns[role];
  return name === null ? null : dialect.ident(name);
}

export function unpublishedStatuses(layout: OutboxLayout): string[] {
  return layout.statuses.pending;
}

/** Rows per status: over the whole table (small tables), or only the listed statuses (index range scans). */
export function countByStatusQuery(dialect: Dialect, source: ResolvedOutbox, onlyStatuses?: readonly string[]): Query | null {
  const status = col(dialect, source, "status");
  if (!status) return null;
  const p = new Params(dialect);
  const where = onlyStatuses ? ` WHERE ${status} IN (${p.list(onlyStatuses)})` : "";
  return { sql: `SELECT ${dialect.text(status)} AS status, count(*) AS n FROM ${source.table}${where} GROUP BY ${status}`, params: p.values };
}

/** Every row (tables without a status column are their own backlog). */
export function countAllQuery(source: ResolvedOutbox): Query {
  return { sql: `SELECT count(*) AS n FROM ${source.table}`, params: [] };
}

/**
 * Backlog figures in one statement: the oldest unpublished row's age, rows stuck past maxAttempts,
 * rows whose next retry is more than the grace period overdue, and the publish-rate anchor (the
 * oldest unpublished created_at, or now, as text in the column's own type).
 */
export function backlogQuery(dialect: Dialect, source: ResolvedOutbox): Query {
  const { layout } = source;
  const status = col(dialect, source, "status");
  const createdAt = col(dialect, source, "createdAt");
  const attempts = col(dialect, source, "attempts");
  const nextRetryAt = col(dialect, source, "nextRetryAt");
  const p = new Params(dialect);
  const parts: string[] = [];
  parts.push(createdAt ? `${dialect.ageSeconds(`min(${createdAt})`)} AS oldest_age` : "NULL AS oldest_age");
  parts.push(attempts ? `sum(CASE WHEN ${attempts} >= ${p.add(layout.maxAttempts)} THEN 1 ELSE 0 END) AS stuck_attempts` : "0 AS stuck_attempts");
  parts.push(
    nextRetryAt
      ? `sum(CASE WHEN ${nextRetryAt} < ${dialect.secondsAgo(p.add(layout.retryGraceSeconds))} THEN 1 ELSE 0 END) AS stuck_retry`
      : "0 AS stuck_retry",
  );
  // Stuck either way, counted once.
  const either = [attempts ? `${attempts} >= ${p.add(layout.maxAttempts)}` : null, nextRetryAt ? `${nextRetryAt} < ${dialect.secondsAgo(p.add(layout.retryGraceSeconds))}` : null].filter(Boolean);
  parts.push(either.length ? `sum(CASE WHEN ${either.join(" OR ")} THEN 1 ELSE 0 END) AS stuck` : "0 AS stuck");
  parts.push(createdAt ? `${dialect.text(`min(${createdAt})`)} AS anchor` : "NULL AS anchor");
  parts.push("count(*) AS backlog");
  const where = status ? ` WHERE ${status} IN (${p.list(unpublishedStatuses(layout))})` : "";
  return { sql: `SELECT ${parts.join(", ")} FROM ${source.table}${where}`, params: p.values };
}

/** now() as text in the created_at column's terms (the anchor when nothing waits). */
export function nowTextQuery(dialect: Dialect): Query {
  return { sql: dialect.name === "postgres" ? "SELECT now()::text AS now" : "SELECT CAST(NOW(6) AS CHAR) AS now", params: [] };
}

/** Published rows created at or after the anchor (index range scan on (status, created_at)). */
export function publishedSinceQuery(dialect: Dialect, source: ResolvedOutbox, anchor: string): Query | null {
  const status = col(dialect, source, "status");
  const createdAt = col(dialect, source, "createdAt");
  if (!status || !createdAt) return null;
  const p = new Params(dialect);
  return {
    sql: `SELECT count(*) AS n FROM ${source.table} WHERE ${status} IN (${p.list(source.layout.statuses.published)}) AND ${createdAt} >= ${p.add(anchor)}`,
    params: p.values,
  };
}

export interface RowFilter {
  status?: string;
  q?: string;
  /** Only rows stuck past maxAttempts or their next retry (actions on "every stuck row"). */
  stuck?: boolean;
  /** Exactly these ids (compared as text). */
  ids?: readonly string[];
  /** Only rows with one of these statuses. */
  statuses?: readonly string[];
}

/** The row's columns for the API, with created_at and the id also as text for cursors. */
function selectRow(dialect: Dialect, source: ResolvedOutbox): string {
  const roles: ColumnRole[] = ["topic", "payload", "status", "attempts", "nextRetryAt", "createdAt", "aggregateType", "aggregateId", "type"];
  const parts = [`${dialect.text(dialect.ident(source.columns.id))} AS r_id`];
  for (const role of roles) {
    const name = col(dialect, source, role);
    if (name) parts.push(`${name} AS ${dialect.ident(`r_${role}`)}`);
  }
  const createdAt = col(dialect, source, "createdAt");
  if (createdAt) parts.push(`${dialect.text(createdAt)} AS r_created_text`);
  return parts.join(", ");
}

function whereClause(dialect: Dialect, source: ResolvedOutbox, filter: RowFilter, p: Params): string[] {
  const conditions: string[] = [];
  const status = col(dialect, source, "status");
  const id = dialect.ident(source.columns.id);
  if (filter.status !== undefined) {
    if (!status) conditions.push("1 = 0");
    else conditions.push(`${status} = ${p.add(filter.status)}`);
  }
  if (filter.statuses) {
    if (status) conditions.push(`${status} IN (${p.list(filter.statuses)})`);
  }
  if (filter.ids) conditions.push(idIn(dialect, source, filter.ids, p));
  if (filter.stuck) {
    const attempts = col(dialect, source, "attempts");
    const nextRetryAt = col(dialect, source, "nextRetryAt");
    const either = [
      attempts ? `${attempts} >= ${p.add(source.layout.maxAttempts)}` : null,
      nextRetryAt ? `${nextRetryAt} < ${dialect.secondsAgo(p.add(source.layout.retryGraceSeconds))}` : null,
    ].filter(Boolean);
    conditions.push(either.length ? `(${either.join(" OR ")})` : "1 = 0");
    if (status) conditions.push(`${status} IN (${p.list(source.layout.statuses.pending)})`);
  }
  if (filter.q) {
    const anyOf: string[] = [];
    for (const role of ["id", "topic", "aggregateId", "aggregateType", "type"] as const) {
      const condition = equals(dialect, source, role, filter.q, p);
      if (condition) anyOf.push(condition);
    }
    const payload = col(dialect, source, "payload");
    if (payload) anyOf.push(dialect.contains(payload, p.add(containsPattern(filter.q))));
    conditions.push(anyOf.length ? `(${anyOf.join(" OR ")})` : "1 = 0");
  }
  return conditions;
}

/** What a page cursor holds: the last row's created_at (as text) and id. */
export interface RowCursor {
  createdAt?: string;
  id: string;
}

/**
 * A page of rows, newest first: by (created_at, id) when there is a created_at column, else by id
 * (compared as stored). Keyset pagination: the cursor is the last row's position, never an offset.
 */
export function rowsQuery(dialect: Dialect, source: ResolvedOutbox, filter: RowFilter, limit: number, cursor?: RowCursor): Query {
  const p = new Params(dialect);
  const conditions = whereClause(dialect, source, filter, p);
  const id = dialect.ident(source.columns.id);
  const createdAt = col(dialect, source, "createdAt");
  if (cursor) {
    if (createdAt && cursor.createdAt !== undefined) {
      conditions.push(`(${createdAt} < ${p.add(cursor.createdAt)} OR (${createdAt} = ${p.add(cursor.createdAt)} AND ${id} < ${p.add(cursor.id)}))`);
    } else {
      conditions.push(`${id} < ${p.add(cursor.id)}`);
    }
  }
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  const order = createdAt ? `${createdAt} DESC, ${id} DESC` : `${id} DESC`;
  return { sql: `SELECT ${selectRow(dialect, source)} FROM ${source.table}${where} ORDER BY ${order} LIMIT ${p.add(limit)}`, params: p.values };
}

/** Ids of rows matching a filter after `afterId`, in id order (what an action job walks). */
export function matchingIdsQuery(dialect: Dialect, source: ResolvedOutbox, filter: RowFilter, limit: number, afterId?: string): Query {
  const p = new Params(dialect);
  const conditions = whereClause(dialect, source, filter, p);
  const id = dialect.ident(source.columns.id);
  if (afterId !== undefined) conditions.push(`${id} > ${p.add(afterId)}`);
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  return { sql: `SELECT ${dialect.text(id)} AS r_id FROM ${source.table}${where} ORDER BY ${id} LIMIT ${p.add(limit)}`, params: p.values };
}

export function countMatchingQuery(dialect: Dialect, source: ResolvedOutbox, filter: RowFilter): Query {
  const p = new Params(dialect);
  const conditions = whereClause(dialect, source, filter, p);
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  return { sql: `SELECT count(*) AS n FROM ${source.table}${where}`, params: p.values };
}

/** Rows recording an event id: the row id, or the aggregate id (Debezium). */
export function eventRowsQuery(dialect: Dialect, source: ResolvedOutbox, eventId: string, limit: number): Query | null {
  const p = new Params(dialect);
  const anyOf = [equals(dialect, source, "id", eventId, p), equals(dialect, source, "aggregateId", eventId, p)].filter((c) => c !== null);
  if (anyOf.length === 0) return null;
  return { sql: `SELECT ${selectRow(dialect, source)} FROM ${source.table} WHERE ${anyOf.join(" OR ")} LIMIT ${p.add(limit)}`, params: p.values };
}

export type OutboxAction = "retry" | "mark-failed";

/** Which rows an action may change: retry touches unpublished and failed rows, mark-failed unpublished ones. */
export function actionStatuses(layout: OutboxLayout, action: OutboxAction): string[] {
  return action === "retry" ? [...layout.statuses.pending, ...layout.statuses.failed] : layout.statuses.pending;
}

/**
 * The update of one batch of ids. retry: next_retry_at = now (a failed row goes back to the first
 * pending status); mark-failed: status = the first failed status. Published rows are never touched.
 */
export function actionUpdateQuery(dialect: Dialect, source: ResolvedOutbox, action: OutboxAction, ids: readonly string[]): Query {
  const p = new Params(dialect);
  const status = col(dialect, source, "status");
  const sets: string[] = [];
  if (action === "retry") {
    const nextRetryAt = col(dialect, source, "nextRetryAt");
    if (!nextRetryAt) throw new Error("retry needs a next_retry_at column");
    sets.push(`${nextRetryAt} = ${dialect.now}`);
    if (status) {
      sets.push(`${status} = CASE WHEN ${status} IN (${p.list(source.layout.statuses.failed)}) THEN ${p.add(source.layout.statuses.pending[0])} ELSE ${status} END`);
    }
  } else {
    if (!status) throw new Error("mark failed needs a status column");
    sets.push(`${status} = ${p.add(source.layout.statuses.failed[0])}`);
  }
  const conditions = [idIn(dialect, source, ids, p)];
  if (status) conditions.push(`${status} IN (${p.list(actionStatuses(source.layout, action))})`);
  return { sql: `UPDATE ${source.table} SET ${sets.join(", ")} WHERE ${conditions.join(" AND ")}`, params: p.values };
}
