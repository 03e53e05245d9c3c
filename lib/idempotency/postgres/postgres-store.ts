import "server-only";
import { Pool, type PoolClient } from "pg";
import { invalidInput, isDomainError } from "@/lib/errors";
import type { PostgresStoreConfig } from "@/lib/config/schema";
import { formatTextOrJson, LIST_VALUE_PREVIEW_BYTES, MAX_RECORD_VALUE_BYTES, toIsoTime } from "../format-value";
import { pickPreviousSnapshot, summarizeTtls, type CountSnapshot } from "../redis/ttl-stats";
import type { IdempotencyStore, ListRecordsQuery } from "../store";
import { describeConnectionError, storeMisconfigured, storeUnavailable } from "../store-errors";
import type { IdempotencyRecord, ProcessedMark, RecordPage, StoreSummary } from "../types";
import { containsPattern, fitsKeyKind, parameterCast } from "./sql-identifiers";
import { resolveTable, type ResolvedTable } from "./table-schema";

/** A PostgreSQL that does not accept a connection within this is reported down. */
export const PG_CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 10_000;
/** Exact count(*) below this many rows (by the planner's estimate); the estimate above. */
export const EXACT_COUNT_MAX_ROWS = 1_000_000;
const STATS_CACHE_MS = 5_000;

// SQLSTATE classes that mean "the configuration is wrong", not "the server is down".
const MISCONFIGURED_CODES = new Set(["3D000", "28P01", "28000", "42P01", "42703", "42501", "42883", "42804"]);

interface Row {
  key: string;
  processed_at?: unknown;
  consumer?: unknown;
  value?: unknown;
}

/** A table of processed events keyed by event id (the seeds' processed_events). */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly id: string;
  private readonly pool: Pool;
  private resolved: Promise<ResolvedTable> | undefined;
  private stats: { summary: StoreSummary; at: number; cacheMs: number } | undefined;
  private statsInFlight: Promise<StoreSummary> | undefined;
  private readonly history: CountSnapshot[] = [];

  constructor(readonly config: PostgresStoreConfig) {
    this.id = config.id;
    this.pool = new Pool({
      connectionString: config.url,
      connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
      idleTimeoutMillis: 30_000,
      max: 4,
      application_name: "eventscope",
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  get target(): string {
    return `${redactPostgresUrl(this.config.url)} ${this.config.table}`;
  }

  keyForEventId(id: string): string | null {
    return id;
  }

  // ---------------------------------------------------------------- plumbing

  /** The table as the catalog knows it, checked once (again after a "no such table/column" error). */
  private table(): Promise<ResolvedTable> {
    if (!this.resolved) {
      const resolving = resolveTable(this.pool, this.config);
      this.resolved = resolving;
      resolving.catch(() => {
        if (this.resolved === resolving) this.resolved = undefined;
      });
    }
    return this.resolved;
  }

  private async run<T>(work: (table: ResolvedTable, client: Pool | PoolClient) => Promise<T>): Promise<T> {
    try {
      const table = await this.table();
      return await work(table, this.pool);
    } catch (error) {
      throw this.mapError(error);
    }
  }

  private mapError(error: unknown): unknown {
    if (isDomainError(error)) return error;
    const code = (error as { code?: unknown } | null)?.code;
    const message = (error as Error | null)?.message ?? String(error);
    if (typeof code === "string" && MISCONFIGURED_CODES.has(code)) {
      // The table or a column went away (or never was): check the catalog again next time.
      this.resolved = undefined;
      return storeMisconfigured(this.id, message);
    }
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("08") && !code.startsWith("57")) {
      // Any other SQL error is ours, not the store's: let it reach the generic 500 handler.
      return error;
    }
    return storeUnavailable(this.id, describePgError(error));
  }

  // ---------------------------------------------------------------- figures

  /** As for Redis: computed at most once per cache period; stale figures of an up store are served while refreshing. */
  async summary(): Promise<StoreSummary> {
    const now = Date.now();
    if (this.stats && now - this.stats.at < this.stats.cacheMs) return this.stats.summary;
    const refresh = (this.statsInFlight ??= this.computeSummary().finally(() => {
      this.statsInFlight = undefined;
    }));
    if (this.stats?.summary.status === "up") return this.stats.summary;
    return refresh;
  }

  private async computeSummary(): Promise<StoreSummary> {
    const started = Date.now();
    const base = { id: this.id, kind: "postgres" as const, target: this.target };
    try {
      const figures = await this.run(async (table, db) => {
        const estimate = await db.query<{ estimate: string }>(
          "SELECT reltuples::bigint::text AS estimate FROM pg_class WHERE oid = $1::regclass",
          [`${table.sql}`],
        );
        const estimated = Number(estimate.rows[0]?.estimate ?? -1);
        let records = estimated;
        let isEstimate = true;
        if (estimated < EXACT_COUNT_MAX_ROWS) {
          const exact = await db.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${table.sql}`);
          records = Number(exact.rows[0]?.count ?? 0);
          isEstimate = false;
        }
        let recent: number | null = null;
        if (table.processedAt?.category === "D") {
          const result = await db.query<{ count: string }>(
            `SELECT count(*)::text AS count FROM ${table.sql} WHERE ${table.processedAt.sql} > now() - interval '1 minute'`,
          );
          recent = Number(result.rows[0]?.count ?? 0);
        }
        return { records, isEstimate, recent, newestFirst: table.processedAt !== undefined };
      });
      const now = Date.now();
      let newPerMinute: number | null = figures.recent;
      let method: StoreSummary["newPerMinuteMethod"] = "processed-at";
      if (figures.recent === null) {
        // No processed-at column: rows do not expire, so growth between polls is what was added.
        const rate = summarizeTtls({ ttlsMs: [], total: figures.records, longestTtlMs: 0, previous: pickPreviousSnapshot(this.history, now), now });
        newPerMinute = rate.newPerMinute;
        method = "count-delta";
      }
      if (!figures.isEstimate) this.remember({ at: now, records: figures.records });
      const summary: StoreSummary = {
        ...base,
        records: figures.records,
        status: "up",
        ...(figures.isEstimate ? { recordsEstimated: true } : {}),
        newPerMinute,
        newPerMinuteMethod: method,
        capabilities: { newestFirst: figures.newestFirst, ttl: false },
        checkedAt: new Date(now).toISOString(),
        tookMs: now - started,
      };
      this.stats = { summary, at: now, cacheMs: Math.max(STATS_CACHE_MS, (now - started) * 5) };
      return summary;
    } catch (error) {
      const status = isDomainError(error) && error.code === "store-misconfigured" ? "misconfigured" : "down";
      const reason = (isDomainError(error) && typeof error.details?.reason === "string" ? error.details.reason : undefined) ?? describePgError(error);
      const summary: StoreSummary = {
        ...base,
        records: null,
        status,
        error: reason,
        capabilities: { newestFirst: false, ttl: false },
        checkedAt: new Date().toISOString(),
      };
      this.stats = { summary, at: Date.now(), cacheMs: 1_000 };
      return summary;
    }
  }

  private remember(snapshot: CountSnapshot): void {
    this.history.push(snapshot);
    while (this.history.length > 0 && snapshot.at - this.history[0]!.at > 15 * 60_000) this.history.shift();
  }

  // ---------------------------------------------------------------- records

  private selectList(table: ResolvedTable): string {
    const parts = [`t.${table.key.sql}::text AS key`];
    if (table.processedAt) parts.push(`t.${table.processedAt.sql} AS processed_at`);
    if (table.consumer) parts.push(`t.${table.consumer.sql}::text AS consumer`);
    // Without a value column the whole row is the value: an operator sees everything that was recorded.
    parts.push(table.value ? `t.${table.value.sql} AS value` : "row_to_json(t) AS value");
    return parts.join(", ");
  }

  /** The key as compared and ordered: natively for text, uuid and integer keys, else as text. */
  private keyExpression(table: ResolvedTable): string {
    return table.key.kind === "other" ? `t.${table.key.sql}::text` : `t.${table.key.sql}`;
  }

  async listRecords(query: ListRecordsQuery): Promise<RecordPage> {
    const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor);
    if (after === null) throw invalidInput("cursor", "not a cursor of this list; start again without one");
    return this.run(async (table, db) => {
      const key = this.keyExpression(table);
      const cast = parameterCast(table.key.kind);
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.q) {
        params.push(containsPattern(query.q));
        where.push(`t.${table.key.sql}::text ILIKE $${params.length} ESCAPE '\\'`);
      }
      let order = `${key} ASC`;
      if (query.sort === "newest") {
        if (!table.processedAt) throw invalidInput("sort", `newest first needs a processed-at column (processedAtColumn) for store "${this.id}"`);
        if (query.cursor) throw invalidInput("cursor", "newest first is a single page");
        order = `t.${table.processedAt.sql} DESC NULLS LAST, ${key} DESC`;
      } else if (after !== undefined) {
        if (!fitsKeyKind(table.key.kind, after)) throw invalidInput("cursor", "not a cursor of this list; start again without one");
        params.push(after);
        where.push(`${key} > $${params.length}${cast}`);
      }
      params.push(query.limit + 1);
      const sql =
        `SELECT ${this.selectList(table)} FROM ${table.sql} t` +
        (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") +
        ` ORDER BY ${order} LIMIT $${params.length}`;
      const result = await db.query<Row>(sql, params);
      const rows = result.rows.slice(0, query.limit);
      const records = rows.map((row) => toRecord(row, LIST_VALUE_PREVIEW_BYTES));
      const more = result.rows.length > query.limit && query.sort !== "newest";
      return { records, ...(more ? { next: encodeKeyCursor(rows[rows.length - 1]!.key) } : {}) };
    });
  }

  async getRecord(keyText: string): Promise<IdempotencyRecord | null> {
    return this.run(async (table, db) => {
      if (!fitsKeyKind(table.key.kind, keyText)) return null;
      const result = await db.query<Row>(
        `SELECT ${this.selectList(table)} FROM ${table.sql} t WHERE ${this.keyExpression(table)} = $1${parameterCast(table.key.kind)} LIMIT 1`,
        [keyText],
      );
      const row = result.rows[0];
      return row ? toRecord(row, MAX_RECORD_VALUE_BYTES) : null;
    });
  }

  async deleteRecord(keyText: string): Promise<boolean> {
    return this.run(async (table, db) => {
      if (!fitsKeyKind(table.key.kind, keyText)) return false;
      const result = await db.query(`DELETE FROM ${table.sql} t WHERE ${this.keyExpression(table)} = $1${parameterCast(table.key.kind)}`, [keyText]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async lookupEventIds(ids: readonly string[]): Promise<Map<string, ProcessedMark>> {
    const marks = new Map<string, ProcessedMark>();
    if (ids.length === 0) return marks;
    return this.run(async (table, db) => {
      const wanted = [...new Set(ids)].filter((id) => fitsKeyKind(table.key.kind, id));
      if (wanted.length === 0) return marks;
      const columns = [`t.${table.key.sql}::text AS key`];
      if (table.processedAt) columns.push(`t.${table.processedAt.sql} AS processed_at`);
      if (table.consumer) columns.push(`t.${table.consumer.sql}::text AS consumer`);
      const result = await db.query<Row>(
        `SELECT ${columns.join(", ")} FROM ${table.sql} t WHERE ${this.keyExpression(table)} = ANY ($1${arrayCast(table.key.kind)})`,
        [wanted],
      );
      // uuid/integer keys come back in their canonical text; match them to the ids as asked.
      const byCanonical = new Map(wanted.map((id) => [canonicalKey(table, id), id]));
      for (const row of result.rows) {
        const id = byCanonical.get(canonicalKey(table, row.key)) ?? row.key;
        const processedAt = toIsoTime(row.processed_at);
        marks.set(id, {
          store: this.id,
          key: row.key,
          ttlSeconds: null,
          ...(processedAt ? { processedAt } : {}),
          ...(typeof row.consumer === "string" && row.consumer !== "" ? { consumer: row.consumer } : {}),
        });
      }
      return marks;
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** The array type of a batch of ids (text keys of any string type compare with text[]). */
function arrayCast(kind: ResolvedTable["key"]["kind"]): string {
  return `${parameterCast(kind) || "::text"}[]`;
}

function canonicalKey(table: ResolvedTable, key: string): string {
  if (table.key.kind === "uuid") return key.replace(/-/g, "").toLowerCase();
  if (table.key.kind === "integer") return BigInt(key).toString();
  return key;
}

function toRecord(row: Row, valueBytes: number): IdempotencyRecord {
  const value = formatTextOrJson(row.value, valueBytes);
  const processedAt = toIsoTime(row.processed_at);
  return {
    key: row.key,
    ttlSeconds: null,
    ...value,
    ...(processedAt ? { processedAt } : {}),
    ...(typeof row.consumer === "string" && row.consumer !== "" ? { consumer: row.consumer } : {}),
    eventId: row.key,
  };
}

// Keyset cursor: the last key of the page (as text), so pages stay stable while rows come and go.
function encodeKeyCursor(key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, k: key }), "utf8").toString("base64url");
}

function decodeKeyCursor(text: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { v?: unknown; k?: unknown };
    return parsed.v === 1 && typeof parsed.k === "string" ? parsed.k : null;
  } catch {
    return null;
  }
}

function describePgError(error: unknown): string {
  const message = (error as Error | null)?.message ?? String(error);
  if (/timeout/i.test(message) && /connect/i.test(message)) return `connection timed out after ${PG_CONNECT_TIMEOUT_MS / 1000} s`;
  const described = describeConnectionError(error);
  // AggregateError (IPv4 and IPv6 both refused) carries the reasons inside.
  const inner = (error as { errors?: unknown[] } | null)?.errors;
  if (Array.isArray(inner) && inner.length > 0 && !described) return describeConnectionError(inner[0]);
  return described || "unknown error";
}

/** postgres://user:secret@host:5432/db?sslmode=require -> postgres://host:5432/db */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname}`;
  } catch {
    return "postgres (unparseable URL)";
  }
}
