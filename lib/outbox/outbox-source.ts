import "server-only";
import { DomainError, invalidInput } from "@/lib/errors";
import { OutboxProblem, redactUrl, type OutboxDriver, type Row } from "./driver";
import { outboxLayout, type OutboxLayout } from "./layout";
import { MysqlOutboxDriver } from "./mysql-driver";
import { evaluateOutboxStatus, publishRateBetween } from "./outbox-status";
import { PostgresOutboxDriver } from "./postgres-driver";
import {
  actionUpdateQuery,
  backlogQuery,
  countAllQuery,
  countByStatusQuery,
  countMatchingQuery,
  eventRowsQuery,
  matchingIdsQuery,
  nowTextQuery,
  publishedSinceQuery,
  rowsQuery,
  type OutboxAction,
  type ResolvedOutbox,
  type RowCursor,
  type RowFilter,
} from "./queries";
import type { OutboxSourceConfig } from "./source-schema";
import type { OutboxPoint, OutboxRow, OutboxSourceDetail, OutboxSourceSummary } from "./types";

/** Below this many rows (planner estimate) every status is counted exactly; above, published rows are estimated. */
export const EXACT_STATUS_COUNT_MAX_ROWS = 200_000;
export const DEFAULT_OUTBOX_INTERVAL_MS = 5_000;
/** In-memory history: an hour at the default interval. */
const HISTORY_POINTS = 720;

export const sourceUnavailable = (id: string, reason: string) => new DomainError("store-unavailable", `outbox "${id}" is down: ${reason}`, { source: id, reason });
export const sourceMisconfigured = (id: string, reason: string) =>
  new DomainError("store-misconfigured", `outbox "${id}" is misconfigured: ${reason}`, { source: id, reason });

interface Anchor {
  at: number;
  /** The oldest unpublished row's created_at (or now) as text, at that sample. */
  anchor: string;
  publishedSinceAnchor: number;
}

/** One configured outbox table: its figures (sampled), history, rows and actions. */
export class OutboxSource {
  readonly id: string;
  readonly layout: OutboxLayout;
  private readonly driver: OutboxDriver;
  private resolving: Promise<ResolvedOutbox> | undefined;
  private last: OutboxSourceDetail | undefined;
  private inFlight: Promise<OutboxSourceDetail> | undefined;
  private anchor: Anchor | undefined;
  private lastPublishedTotal: { at: number; count: number } | undefined;
  readonly history: OutboxPoint[] = [];

  constructor(readonly config: OutboxSourceConfig) {
    this.id = config.id;
    this.layout = outboxLayout(config);
    this.driver = config.kind === "postgres" ? new PostgresOutboxDriver(config.id, config) : new MysqlOutboxDriver(config.id, config);
  }

  get intervalMs(): number {
    return this.config.samplingIntervalMs ?? DEFAULT_OUTBOX_INTERVAL_MS;
  }

  get target(): string {
    return `${redactUrl(this.config.url)} ${this.config.table}`;
  }

  /** The table as the catalog knows it; checked again after any failure (the table may be fixed). */
  private resolved(): Promise<ResolvedOutbox> {
    if (!this.resolving) {
      const resolving = this.driver.resolve(this.layout);
      this.resolving = resolving;
      resolving.catch(() => {
        if (this.resolving === resolving) this.resolving = undefined;
      });
    }
    return this.resolving;
  }

  /** Runs work on the resolved table; database problems become 503s that say why. */
  private async use<T>(work: (source: ResolvedOutbox) => Promise<T>): Promise<T> {
    try {
      return await work(await this.resolved());
    } catch (error) {
      if (error instanceof OutboxProblem) {
        this.resolving = undefined;
        throw error.kind === "misconfigured" ? sourceMisconfigured(this.id, error.message) : sourceUnavailable(this.id, error.message);
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------ figures

  /** The latest figures: the sampler's, or sampled now when none is fresh (serverless, first request). */
  async detail(): Promise<OutboxSourceDetail> {
    // A source that is down is asked again on every request (concurrent ones share the attempt): it
    // may be back (a table created, a server up) before the sampler's next look.
    const freshMs = this.last?.status === "down" ? 0 : this.intervalMs * 2;
    if (this.last && Date.now() - Date.parse(this.last.checkedAt) < freshMs) return this.last;
    return this.sample();
  }

  async summary(): Promise<OutboxSourceSummary> {
    const detail = await this.detail();
    const { id, name, kind, status, reason, target, backlog, oldestPendingAgeSeconds, stuck, checkedAt } = detail;
    return { id, name, kind, status, reason, target, backlog, oldestPendingAgeSeconds, stuck, checkedAt };
  }

  /** One sample (shared by concurrent callers); never throws: a failure is status "down" with the reason. */
  sample(): Promise<OutboxSourceDetail> {
    return (this.inFlight ??= this.computeSample().finally(() => {
      this.inFlight = undefined;
    }));
  }

  private base() {
    return {
      id: this.id,
      name: this.config.name ?? this.id,
      kind: this.config.kind,
      target: this.target,
      statuses: this.layout.statuses,
      maxAttempts: this.layout.maxAttempts,
      retryGraceSeconds: this.layout.retryGraceSeconds,
      columns: { ...this.layout.columns },
      actionsAllowed: this.config.allowActions === true,
    };
  }

  private async computeSample(): Promise<OutboxSourceDetail> {
    const started = Date.now();
    try {
      const figures = await this.use(async (source) => {
        const status = source.columns.status !== null;
        const estimate = status ? await this.driver.estimateRows(source) : 0;
        const previousAnchor = this.anchor;
        return this.driver.read(async (run) => {
          const byStatus: Record<string, number> = {};
          const estimatedStatuses: string[] = [];
          if (status) {
            const small = estimate < EXACT_STATUS_COUNT_MAX_ROWS;
            const counted = small
              ? countByStatusQuery(this.driver.dialect, source)!
              : countByStatusQuery(this.driver.dialect, source, [...this.layout.statuses.pending, ...this.layout.statuses.failed])!;
            for (const row of await run(counted)) byStatus[String(row.status)] = Number(row.n);
            if (!small) {
              // Published rows are the bulk of a large table: the planner's estimate, not a scan of them all.
              const others = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
              const published = this.layout.statuses.published[0];
              byStatus[published] = Math.max(0, Math.round(estimate - others));
              estimatedStatuses.push(published);
            }
          }
          const backlogRow = (await run(backlogQuery(this.driver.dialect, source)))[0] ?? {};
          const backlog = status ? Number(backlogRow.backlog ?? 0) : Number((await run(countAllQuery(source)))[0]?.n ?? 0);
          const anchorText = backlogRow.anchor != null ? String(backlogRow.anchor) : String((await run(nowTextQuery(this.driver.dialect)))[0]?.now);
          const countSince = async (anchor: string) => {
            const query = publishedSinceQuery(this.driver.dialect, source, anchor);
            return query ? Number((await run(query))[0]?.n ?? 0) : null;
          };
          const sincePrevious = previousAnchor ? await countSince(previousAnchor.anchor) : null;
          const sinceNew = previousAnchor?.anchor === anchorText ? sincePrevious : await countSince(anchorText);
          const at = Date.now();
          return {
            byStatus,
            estimatedStatuses,
            backlog,
            oldestPendingAgeSeconds: backlogRow.oldest_age == null ? null : Math.max(0, Number(backlogRow.oldest_age)),
            stuckByAttempts: source.columns.attempts && status ? Number(backlogRow.stuck_attempts ?? 0) : null,
            stuckByRetry: source.columns.nextRetryAt && status ? Number(backlogRow.stuck_retry ?? 0) : null,
            stuck: status && (source.columns.attempts || source.columns.nextRetryAt) ? Number(backlogRow.stuck ?? 0) : null,
            rate:
              sincePrevious !== null && previousAnchor
                ? publishRateBetween(previousAnchor, { at, publishedSinceAnchor: sincePrevious })
                : undefined,
            nextAnchor: sinceNew !== null ? { at, anchor: anchorText, publishedSinceAnchor: sinceNew } : undefined,
            hasCreatedAt: source.columns.createdAt !== null,
          };
        });
      });
      this.anchor = figures.nextAnchor;
      let publishRate = figures.rate ?? null;
      if (!figures.hasCreatedAt && figures.estimatedStatuses.length === 0 && this.layout.columns.status !== null) {
        // No created_at to anchor on: the growth of the (exact) published count.
        const count = this.layout.statuses.published.reduce((sum, s) => sum + (figures.byStatus[s] ?? 0), 0);
        const now = Date.now();
        publishRate = this.lastPublishedTotal ? publishRateBetween({ at: this.lastPublishedTotal.at, publishedSinceAnchor: this.lastPublishedTotal.count }, { at: now, publishedSinceAnchor: count }) : null;
        this.lastPublishedTotal = { at: now, count };
      }
      const verdict = evaluateOutboxStatus({ ...figures, publishRate }, { ...this.layout });
      const detail: OutboxSourceDetail = {
        ...this.base(),
        status: verdict.status,
        reason: verdict.reason,
        byStatus: figures.byStatus,
        ...(figures.estimatedStatuses.length ? { estimatedStatuses: figures.estimatedStatuses } : {}),
        backlog: figures.backlog,
        oldestPendingAgeSeconds: figures.oldestPendingAgeSeconds,
        stuck: figures.stuck,
        stuckByAttempts: figures.stuckByAttempts,
        stuckByRetry: figures.stuckByRetry,
        publishRate,
        checkedAt: new Date().toISOString(),
        tookMs: Date.now() - started,
      };
      this.remember(detail);
      return detail;
    } catch (error) {
      const reason = error instanceof DomainError && typeof error.details?.reason === "string" ? error.details.reason : error instanceof Error ? error.message : String(error);
      if (!(error instanceof DomainError)) console.error(`[eventscope] outbox ${this.id}:`, error);
      this.anchor = undefined;
      const detail: OutboxSourceDetail = {
        ...this.base(),
        status: "down",
        reason,
        byStatus: {},
        backlog: null,
        oldestPendingAgeSeconds: null,
        stuck: null,
        stuckByAttempts: null,
        stuckByRetry: null,
        publishRate: null,
        checkedAt: new Date().toISOString(),
      };
      this.remember(detail);
      return detail;
    }
  }

  private remember(detail: OutboxSourceDetail): void {
    this.last = detail;
    this.history.push({
      t: detail.checkedAt,
      backlog: detail.backlog,
      oldestPendingAgeSeconds: detail.oldestPendingAgeSeconds,
      stuck: detail.stuck,
      publishRate: detail.publishRate,
    });
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
  }

  // ------------------------------------------------------------------ rows

  async listRows(filter: RowFilter, limit: number, cursor?: RowCursor): Promise<{ rows: OutboxRow[]; next?: RowCursor }> {
    return this.use(async (source) => {
      const rows = await this.driver.read((run) => run(rowsQuery(this.driver.dialect, source, filter, limit + 1, cursor)));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const next = rows.length > limit && last ? { id: String(last.r_id), ...(last.r_created_text != null ? { createdAt: String(last.r_created_text) } : {}) } : undefined;
      return { rows: page.map((row) => toOutboxRow(row, source)), ...(next ? { next } : {}) };
    });
  }

  /** Rows recording this event id (trace). */
  async rowsForEvent(eventId: string): Promise<OutboxRow[]> {
    return this.use(async (source) => {
      const query = eventRowsQuery(this.driver.dialect, source, eventId, 5);
      if (!query) return [];
      const rows = await this.driver.read((run) => run(query));
      return rows.map((row) => toOutboxRow(row, source));
    });
  }

  // ------------------------------------------------------------------ actions

  /** Checks that the source allows the action and its table has what it needs. */
  async checkAction(action: OutboxAction): Promise<void> {
    if (this.config.allowActions !== true) {
      throw new DomainError("forbidden", `outbox "${this.id}" is read-only: set "allowActions": true in its config to allow retry now and mark failed`, { reason: "read-only", source: this.id });
    }
    if (action === "retry" && this.layout.columns.nextRetryAt === null) throw invalidInput("action", `outbox "${this.id}" has no next_retry_at column to retry by`);
    if (this.layout.columns.status === null) throw invalidInput("action", `outbox "${this.id}" has no status column: its rows cannot be retried or failed`);
  }

  async countMatching(filter: RowFilter): Promise<number> {
    return this.use(async (source) => Number((await this.driver.read((run) => run(countMatchingQuery(this.driver.dialect, source, filter))))[0]?.n ?? 0));
  }

  async matchingIds(filter: RowFilter, limit: number, afterId?: string): Promise<string[]> {
    return this.use(async (source) => (await this.driver.read((run) => run(matchingIdsQuery(this.driver.dialect, source, filter, limit, afterId)))).map((row) => String(row.r_id)));
  }

  /** Applies the action to these ids (the only write the console makes); the number of rows changed. */
  async apply(action: OutboxAction, ids: readonly string[]): Promise<number> {
    await this.checkAction(action);
    return this.use((source) => this.driver.write(actionUpdateQuery(this.driver.dialect, source, action, ids)));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A timestamp as ISO when the driver gave a Date, else the database's own text ("2026-12-07 03:00:00.123"). */
function time(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return String(value);
}

/** JSON and json-shaped text decoded; bytes as UTF-8 text when they are, else base64. */
export function decodePayload(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) {
    const utf8 = value.toString("utf8");
    if (!utf8.includes("\uFFFD")) return decodePayload(utf8);
    return { base64: value.toString("base64") };
  }
  if (typeof value === "string") {
    if (/^\s*[[{"]/.test(value)) {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  }
  return value;
}

function toOutboxRow(row: Row, source: ResolvedOutbox): OutboxRow {
  const has = (role: keyof typeof source.columns) => source.columns[role] !== null;
  return {
    id: String(row.r_id),
    topic: text(row.r_topic),
    status: text(row.r_status),
    attempts: row.r_attempts == null ? null : Number(row.r_attempts),
    nextRetryAt: time(row.r_nextRetryAt),
    createdAt: time(row.r_createdAt),
    payload: decodePayload(row.r_payload),
    ...(has("aggregateType") ? { aggregateType: text(row.r_aggregateType) } : {}),
    ...(has("aggregateId") ? { aggregateId: text(row.r_aggregateId) } : {}),
    ...(has("type") ? { type: text(row.r_type) } : {}),
  };
}
