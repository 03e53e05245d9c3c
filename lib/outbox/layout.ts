import type { OutboxSourceConfig } from "./source-schema";

// The columns and status values of an outbox source once the defaults are applied. Pure.

export type ColumnRole = "id" | "topic" | "payload" | "status" | "attempts" | "nextRetryAt" | "createdAt" | "aggregateType" | "aggregateId" | "type";

/** A role's column name, or null when the table has none. */
export type ColumnMap = Record<ColumnRole, string | null> & { id: string };

const SEEDS: ColumnMap = {
  id: "id",
  topic: "topic",
  payload: "payload",
  status: "status",
  attempts: "attempts",
  nextRetryAt: "next_retry_at",
  createdAt: "created_at",
  aggregateType: null,
  aggregateId: null,
  type: null,
};

// Debezium's outbox event router reads the WAL: rows have no status, and the topic is derived
// from aggregatetype ("outbox.event.<aggregatetype>").
const DEBEZIUM: ColumnMap = {
  id: "id",
  topic: null,
  payload: "payload",
  status: null,
  attempts: null,
  nextRetryAt: null,
  createdAt: null,
  aggregateType: "aggregatetype",
  aggregateId: "aggregateid",
  type: "type",
};

export const DEFAULT_STATUSES = {
  pending: ["pending", "new", "retry", "retrying", "processing"],
  published: ["published", "sent", "done", "delivered"],
  failed: ["failed", "dead", "error"],
};
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_GRACE_SECONDS = 60;
export const DEFAULT_WARN_AGE_SECONDS = 60;

export interface OutboxLayout {
  columns: ColumnMap;
  statuses: { pending: string[]; published: string[]; failed: string[] };
  maxAttempts: number;
  retryGraceSeconds: number;
  warnAgeSeconds: number;
}

export function outboxLayout(config: OutboxSourceConfig): OutboxLayout {
  const base = config.layout === "debezium" ? DEBEZIUM : SEEDS;
  const columns = { ...base } as ColumnMap;
  for (const [role, name] of Object.entries(config.columns ?? {}) as [ColumnRole, string | null | undefined][]) {
    if (name !== undefined) (columns as Record<ColumnRole, string | null>)[role] = name;
  }
  return {
    columns,
    statuses: {
      pending: config.statuses?.pending ?? DEFAULT_STATUSES.pending,
      published: config.statuses?.published ?? DEFAULT_STATUSES.published,
      failed: config.statuses?.failed ?? DEFAULT_STATUSES.failed,
    },
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryGraceSeconds: config.retryGraceSeconds ?? DEFAULT_RETRY_GRACE_SECONDS,
    warnAgeSeconds: config.warnAgeSeconds ?? DEFAULT_WARN_AGE_SECONDS,
  };
}

/** The config field that names a role's column, for reasons ("columns.nextRetryAt"). */
export const columnField = (role: ColumnRole) => `columns.${role}`;
