import { z } from "zod";
import { named, wire, isoTime } from "./schema-kit";
import { operation } from "./operation";
import { queryChoice, queryInteger, queryParameters } from "./query-kit";
import { JobAccepted } from "./jobs";

// Outbox tables (the config's `outbox`): backlog, stuck rows, rows, retry now / mark failed.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const OutboxSourceSummary = named("OutboxSourceSummary", wire({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["postgres", "mysql"]),
  status: z.enum(["ok", "warn", "err", "down"]).describe("ok / warn / err as for consumer groups; down: unreachable, or the table or a column does not exist."),
  reason: z.string().describe("Why, in a sentence (down: names the missing table or column, or the connection error)."),
  target: z.string().describe("Where it is, without credentials."),
  backlog: z.number().int().nullable().describe("Unpublished rows (status in the pending list; every row when the table has no status column)."),
  oldestPendingAgeSeconds: z.number().nullable().describe("Age of the oldest unpublished row."),
  stuck: z.number().int().nullable().describe("Unpublished rows at maxAttempts or more, or overdue for retry by more than retryGraceSeconds."),
  checkedAt: isoTime,
}));
export type OutboxSourceSummary = z.infer<typeof OutboxSourceSummary>;

export const OutboxSourceDetail = named("OutboxSourceDetail", OutboxSourceSummary.extend(wire({
  byStatus: z.record(z.string(), z.number().int()).describe("Rows per status value."),
  estimatedStatuses: z.array(z.string()).describe("Statuses whose count is the planner's estimate (published rows of a table over 200,000 rows).").optional(),
  stuckByAttempts: z.number().int().nullable(),
  stuckByRetry: z.number().int().nullable(),
  publishRate: z.number().nullable().describe("Rows published per second between the last two samples; null until there are two."),
  statuses: wire({ pending: z.array(z.string()), published: z.array(z.string()), failed: z.array(z.string()) }),
  maxAttempts: z.number().int(),
  retryGraceSeconds: z.number().int(),
  columns: z.record(z.string(), z.string().nullable()).describe("The table's column per role (null: none)."),
  actionsAllowed: z.boolean().describe("The source's config allows retry now and mark failed (`allowActions`)."),
  tookMs: z.number().int().optional(),
}).shape));
export type OutboxSourceDetail = z.infer<typeof OutboxSourceDetail>;

export const OutboxRow = named("OutboxRow", wire({
  id: z.string(),
  topic: z.string().nullable(),
  status: z.string().nullable(),
  attempts: z.number().int().nullable(),
  nextRetryAt: z.string().nullable().describe("ISO time (PostgreSQL), or the database's own text for a MySQL DATETIME (no zone)."),
  createdAt: z.string().nullable(),
  payload: z.unknown().describe("Decoded JSON (or text), masked by the masking rules of the row's topic."),
  aggregateType: z.string().nullable().optional(),
  aggregateId: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  masked: z.literal(true).describe("Masking rules replaced parts of the payload with ***.").optional(),
}));
export type OutboxRow = z.infer<typeof OutboxRow>;

export const OutboxPoint = named("OutboxPoint", wire({
  t: isoTime,
  backlog: z.number().int().nullable(),
  oldestPendingAgeSeconds: z.number().nullable(),
  stuck: z.number().int().nullable(),
  publishRate: z.number().nullable(),
}));
export type OutboxPoint = z.infer<typeof OutboxPoint>;

/** GET /api/v1/outbox */
export const listOutboxSources = operation({
  method: "get",
  path: "/api/v1/outbox",
  id: "listOutboxSources",
  summary: "Outbox tables with backlog, oldest unpublished age, stuck rows and status",
  tag: "Outbox",
  access: "viewer",
  responses: {
    "200": { description: "Every configured outbox; one that is down says why.", schema: wire({ sources: z.array(OutboxSourceSummary) }) },
  },
});

/** GET /api/v1/outbox/{source} */
export const getOutboxSource = operation({
  method: "get",
  path: "/api/v1/outbox/{source}",
  id: "getOutboxSource",
  summary: "One outbox: rows by status, backlog, oldest unpublished age, stuck rows, publish rate",
  tag: "Outbox",
  access: "viewer",
  responses: { "200": { description: "The latest sample (taken now when none is fresh).", schema: OutboxSourceDetail } },
  errors: ["NotFound"],
});

/** The query of GET .../rows, as the route parses it. */
export const listOutboxRowsQuery = z.object({
  status: z.string().min(1).max(64, { error: "status must be at most 64 characters" }).optional(),
  q: z.string().min(1).max(500, { error: "q must be at most 500 characters" }).optional(),
  limit: queryInteger("limit", 1, 500, 50),
  cursor: z.string().max(2_000, { error: "cursor is too long" }).optional(),
});
export type ListOutboxRowsQuery = z.output<typeof listOutboxRowsQuery>;

/** GET /api/v1/outbox/{source}/rows */
export const listOutboxRows = operation({
  method: "get",
  path: "/api/v1/outbox/{source}/rows",
  id: "listOutboxRows",
  summary: "A page of rows, newest first (read in a read-only transaction)",
  tag: "Outbox",
  access: "viewer",
  parameters: queryParameters(listOutboxRowsQuery, {
    status: "Only rows with this status value.",
    q: "An id, topic or aggregate id (exactly), or text in the payload.",
    limit: "Page size.",
    cursor: "`next` of the previous page.",
  }),
  responses: {
    "200": { description: "A page of rows.", schema: wire({ rows: z.array(OutboxRow), next: z.string().describe("Opaque cursor of the next page.").optional() }) },
  },
  errors: ["BadRequest", "NotFound", "Unavailable"],
});

/** The query of GET .../history, as the route parses it. */
export const outboxHistoryQuery = z.object({
  window: queryChoice("window", ["15m", "1h", "6h", "24h", "7d"], "window must be 15m, 1h, 6h, 24h or 7d").default("1h"),
});

/** GET /api/v1/outbox/{source}/history */
export const getOutboxHistory = operation({
  method: "get",
  path: "/api/v1/outbox/{source}/history",
  id: "getOutboxHistory",
  summary: "Backlog, oldest unpublished age, stuck rows and publish rate over time",
  description: "Every sample of the last hour (the sampler's interval, 5 s by default); a point a minute for longer windows, kept 7 days.",
  tag: "Outbox",
  access: "viewer",
  parameters: queryParameters(outboxHistoryQuery, { window: "How far back." }),
  responses: { "200": { description: "Oldest first.", schema: wire({ window: z.string(), points: z.array(OutboxPoint) }) } },
  errors: ["BadRequest", "NotFound"],
});

export const MAX_OUTBOX_ACTION_IDS = 1_000;

/** retry / mark-failed: these ids, or every stuck row. The routes parse with it (lib/outbox/verbs). */
export const outboxActionBody = z
  .strictObject({
    ids: z.array(z.string().min(1).max(256)).min(1).max(MAX_OUTBOX_ACTION_IDS).describe("These rows (at most 1,000).").optional(),
    stuck: z.literal(true).describe("Every stuck row instead of ids.").optional(),
    dryRun: z.boolean().describe("Only count the rows.").optional(),
  })
  .refine((body) => (body.ids === undefined) !== (body.stuck === undefined), { message: "send either ids (at most 1,000) or stuck: true", path: ["ids"] });
export type OutboxActionBody = z.output<typeof outboxActionBody>;

/** POST /api/v1/outbox/{source}/retry */
export const retryOutboxRows = operation({
  method: "post",
  path: "/api/v1/outbox/{source}/retry",
  id: "retryOutboxRows",
  summary: "Retry now: next_retry_at = now (a job, with a dry run)",
  description:
    "On `ids` or every stuck row (`stuck: true`) that is unpublished or failed: next_retry_at is set to now and a failed row goes back to the first pending status; published rows are never touched. Only when the source's config has `allowActions: true` (else 403 `read-only`). Audited as `outbox.retry`.",
  tag: "Outbox",
  access: "operator",
  body: outboxActionBody,
  responses: {
    "200": { description: "dryRun: how many rows the job would change.", schema: wire({ matched: z.number().int() }) },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound", "Unavailable"],
});

/** POST /api/v1/outbox/{source}/mark-failed */
export const failOutboxRows = operation({
  method: "post",
  path: "/api/v1/outbox/{source}/mark-failed",
  id: "failOutboxRows",
  summary: "Mark failed: status = the first failed status (a job, with a dry run)",
  description:
    "On `ids` or every stuck row (`stuck: true`) that is unpublished: the worker stops retrying them. Only when the source's config has `allowActions: true` (else 403 `read-only`). Audited as `outbox.mark-failed`.",
  tag: "Outbox",
  access: "operator",
  body: outboxActionBody,
  responses: {
    "200": { description: "dryRun: how many rows the job would change.", schema: wire({ matched: z.number().int() }) },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound", "Unavailable"],
});

export const outboxOperations = [listOutboxSources, getOutboxSource, listOutboxRows, getOutboxHistory, retryOutboxRows, failOutboxRows];
