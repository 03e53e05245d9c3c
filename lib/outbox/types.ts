// Shapes of the outbox API (GET /api/v1/outbox...), shared by the server and the browser.
// Plain types only: safe to import from client components.

export type OutboxKind = "postgres" | "mysql";
/** ok / warn / err as for consumer groups; down: the database cannot be reached or the table/column is wrong. */
export type OutboxStatus = "ok" | "warn" | "err" | "down";

export interface OutboxSourceSummary {
  id: string;
  name: string;
  kind: OutboxKind;
  status: OutboxStatus;
  /** Why the status is what it is, in a sentence (for down: what is wrong, naming the table or column). */
  reason: string;
  /** Where it is, without credentials: "postgres://eventscope@127.0.0.1:5432/test reliable_outbox". */
  target: string;
  /** Unpublished rows (status in the pending list; every row when the table has no status column). */
  backlog: number | null;
  oldestPendingAgeSeconds: number | null;
  /** Unpublished rows past maxAttempts or overdue for retry by more than the grace period. */
  stuck: number | null;
  checkedAt: string;
}

export interface OutboxSourceDetail extends OutboxSourceSummary {
  byStatus: Record<string, number>;
  /** Statuses whose count is the planner's estimate (published rows of a large table). */
  estimatedStatuses?: string[];
  stuckByAttempts: number | null;
  stuckByRetry: number | null;
  /** Rows published per second between the last two samples; null until there are two. */
  publishRate: number | null;
  statuses: { pending: string[]; published: string[]; failed: string[] };
  maxAttempts: number;
  retryGraceSeconds: number;
  /** The table's columns per role (null: none); what the row view can show. */
  columns: Record<string, string | null>;
  /** Whether retry now / mark failed are allowed by the source's config (allowActions). */
  actionsAllowed: boolean;
  tookMs?: number;
}

export interface OutboxPoint {
  t: string;
  backlog: number | null;
  oldestPendingAgeSeconds: number | null;
  stuck: number | null;
  publishRate: number | null;
}

export interface OutboxRow {
  id: string;
  topic: string | null;
  status: string | null;
  attempts: number | null;
  nextRetryAt: string | null;
  createdAt: string | null;
  /** Decoded when JSON, masked by the masking rules as message values are. */
  payload: unknown;
  aggregateType?: string | null;
  aggregateId?: string | null;
  type?: string | null;
}

export interface OutboxRowPage {
  rows: OutboxRow[];
  next?: string;
}
