import { z } from "zod";
import { named, wire, isoTime } from "./schema-kit";
import { operation } from "./operation";
import { queryChoice, queryInteger, queryParameters, queryText } from "./query-kit";
import { hasGlobSyntax } from "@/lib/idempotency/glob";
import { MAX_PATTERN_LENGTH } from "@/lib/patterns/wildcard-match";

// Idempotency stores and records, and the event trace.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const StoreSummary = named("StoreSummary", wire({
  id: z.string(),
  kind: z.enum(["redis","postgres"]),
  records: z.number().int().nullable(),
  status: z.enum(["up","down","misconfigured"]),
  error: z.string().optional(),
  target: z.string().describe("Where it is, without credentials."),
  recordsEstimated: z.boolean().optional(),
  expiringSoon: z.number().int().nullable().describe("Redis: records whose TTL ends within 5 minutes.").optional(),
  newPerMinute: z.number().nullable().optional(),
  newPerMinuteMethod: z.enum(["ttl","count-delta","net-growth","processed-at"]).optional(),
  sampledRecords: z.number().int().optional(),
  assumedTtlSeconds: z.number().int().optional(),
  capabilities: wire({
    newestFirst: z.boolean(),
    ttl: z.boolean(),
  }),
  checkedAt: isoTime,
  tookMs: z.number().int().optional(),
}));
export type StoreSummary = z.infer<typeof StoreSummary>;

export const IdempotencyRecord = named("IdempotencyRecord", wire({
  key: z.string(),
  ttlSeconds: z.number().int().nullable().describe("Null when it never expires."),
  value: z.string().nullable().describe("Pretty JSON, text or base64; cut at 64 KiB (2 KiB in lists)."),
  encoding: z.enum(["json","text","base64"]),
  size: z.number().int(),
  truncated: z.boolean(),
  processedAt: isoTime.optional(),
  consumer: z.string().optional(),
  eventId: z.string().optional(),
  type: z.string().describe("Redis type when the key is not a plain string.").optional(),
  masked: z.boolean().describe("Masking rules (every JSON-path rule, whatever its topic) replaced parts of the value with ***, or left out processedAt / consumer.").optional(),
}));
export type IdempotencyRecord = z.infer<typeof IdempotencyRecord>;

export const RecordPage = named("RecordPage", wire({
  records: z.array(IdempotencyRecord),
  next: z.string().describe("Opaque cursor of the next page.").optional(),
  sampledRecords: z.number().int().optional(),
  searched: wire({
    matched: z.number().int().describe("Records the search found and ranked."),
    complete: z.boolean().describe("The search reached the end of the store (false: it stopped after 2 s or 10,000 matches)."),
  }).describe("A newest-first search of a Redis store: the page is the newest among the records the search found.").optional(),
}));
export type RecordPage = z.infer<typeof RecordPage>;

export const TraceHit = named("TraceHit", wire({
  where: z.enum(["topic","dlq","idempotency","outbox"]).describe("outbox: a row of an outbox table (`store`: the source, `key`: the row id, `status`, `attempts`, `timestamp`: created_at)."),
  cluster: z.string().optional(),
  topic: z.string().optional(),
  partition: z.number().int().optional(),
  offset: z.number().int().optional(),
  id: z.string().describe("Redis Streams: the entry id (the offset is only positional).").optional(),
  store: z.string().optional(),
  key: z.string().optional(),
  status: z.string().optional(),
  timestamp: isoTime.optional(),
  matchedBy: z.string().optional(),
  attempts: z.number().int().optional(),
  error: z.string().optional(),
  originalTopic: z.string().optional(),
  originalId: z.string().describe("Redis Streams: the dead-lettered entry's original id (x-original-id).").optional(),
  originalPartition: z.number().int().describe("DLQ hits: the partition the message was dead-lettered from.").optional(),
  originalOffset: z.number().int().describe("DLQ hits: its offset there.").optional(),
  requeuedFrom: z.string().optional(),
  ttlSeconds: z.number().int().nullable().optional(),
  consumer: z.string().optional(),
  source: z.string().optional(),
  traceId: z.string().describe("The message's distributed trace id (traceparent or uber-trace-id header, unless masked): 16 or 32 lowercase hex.").optional(),
  traceIdFrom: z.enum(["traceparent","uber-trace-id"]).optional(),
  traceUrl: z.string().describe("The link to the trace, from the config's traceLinks.urlTemplate (absent without one).").optional(),
}));
export type TraceHit = z.infer<typeof TraceHit>;

export const TraceResult = named("TraceResult", wire({
  id: z.string(),
  hits: z.array(TraceHit),
  scanned: z.number().int(),
  scannedTopics: z.number().int(),
  totalTopics: z.number().int(),
  truncated: z.boolean(),
  truncatedReason: z.string().optional(),
  limits: wire({
    perTopic: z.number().int(),
    budgetMs: z.number().int(),
    cluster: z.string().optional(),
    topic: z.string().optional(),
  }),
  timeline: z.array(wire({
    kind: z.enum(["outboxed","published","failed","dead-lettered","requeued","processed"]),
    at: isoTime.optional(),
    title: z.string(),
    detail: z.string().optional(),
    count: z.number().int().optional(),
    hits: z.array(z.number().int()).describe("Indexes into `hits`."),
  })),
  outcome: z.enum(["processed","dead-lettered","dead-lettered-again","requeued","published","in-outbox","not-found"]),
  processing: z.array(wire({
    source: z.string().describe("The metrics source."),
    type: z.string().describe("The event type whose topic the event was found on."),
    cluster: z.string().optional(),
    topic: z.string(),
    status: z.enum(["ok","stale","pending"]),
    scrapedAt: isoTime.nullable(),
    error: z.string().optional(),
    success: z.number().nullable().describe("Per second, last minute."),
    failure: z.number().nullable().describe("Per second, last minute."),
    failureRatio: z.number().nullable(),
    successTotal: z.number(),
    failureTotal: z.number(),
    spike: z.boolean(),
  })).describe("Processing outcomes of the event's type from the services' counters (metrics sources): aggregate over every event of the type, not this event's own outcome.").optional(),
  sources: z.array(wire({
    source: z.string(),
    status: z.enum(["ok","partial","error"]),
    error: z.string().optional(),
    coverage: z.array(wire({
      cluster: z.string(),
      topic: z.string(),
      scanned: z.number().int().describe("Messages read in this topic."),
      complete: z.boolean().describe("Read back to the log start of every partition."),
      partitions: z.array(wire({
        partition: z.number().int(),
        low: z.number().int(),
        high: z.number().int(),
        from: z.number().int().describe("Everything in [from, high) was read."),
        fromTime: isoTime.optional(),
      })),
    })).optional(),
    clusters: z.array(wire({
      cluster: z.string(),
      status: z.enum(["ok","down","partial"]),
      error: z.string().optional(),
      topics: z.number().int(),
      scannedTopics: z.number().int(),
    })).describe("Topics: per cluster, whether it could be searched.").optional(),
    stores: z.array(wire({
      store: z.string(),
      status: z.enum(["ok","down","misconfigured","skipped"]),
      error: z.string().optional(),
    })).describe("Idempotency: per store.").optional(),
  })),
  tookMs: z.number().int(),
}));
export type TraceResult = z.infer<typeof TraceResult>;

/** GET /api/v1/idempotency */
export const listStores = operation({
  method: "get",
  path: "/api/v1/idempotency",
  id: "listStores",
  summary: "Idempotency stores with record counts and status",
  tag: "Idempotency",
  access: "viewer",
  responses: {
    "200": { description: "Every configured store; one that is down says why.", schema: wire({
      stores: z.array(StoreSummary),
    }) },
  },
  errors: [],
});

/** GET /api/v1/idempotency/{store} */
export const getStore = operation({
  method: "get",
  path: "/api/v1/idempotency/{store}",
  id: "getStore",
  summary: "One store's figures",
  tag: "Idempotency",
  access: "viewer",
  responses: {
    "200": { description: "The store.", schema: StoreSummary },
  },
  errors: ["NotFound"],
});

/** The query of GET .../records, as the route parses it. */
export const listRecordsQuery = z.object({
  q: queryText("q", 500)
    // A glob goes to Redis' SCAN MATCH and to our matcher: its length bounds the matching work.
    .refine((q) => !hasGlobSyntax(q) || q.length <= MAX_PATTERN_LENGTH, { error: `q must be at most ${MAX_PATTERN_LENGTH} characters when it is a glob` })
    .optional(),
  cursor: z.string().max(16_000, { error: "cursor is too long" }).optional(),
  limit: queryInteger("limit", 1, 500, 50),
  sort: queryChoice("sort", ["store", "newest"], 'sort must be "store" or "newest"').default("store"),
});
export type ListRecordsQuery = z.output<typeof listRecordsQuery>;

/** GET /api/v1/idempotency/{store}/records */
export const listRecords = operation({
  method: "get",
  path: "/api/v1/idempotency/{store}/records",
  id: "listRecords",
  summary: "A page of records (Redis: SCAN order; PostgreSQL: key order)",
  tag: "Idempotency",
  access: "viewer",
  parameters: queryParameters(listRecordsQuery, {
    q: "Search keys.",
    cursor: "`next` of the previous page.",
    limit: "Page size.",
    sort: "`newest`: newest first (where the store supports it); with `q` on Redis, the newest among the records the search finds (one page, see `searched`).",
  }),
  responses: {
    "200": { description: "A page of records.", schema: RecordPage },
  },
  errors: ["BadRequest","NotFound","Unavailable"],
});

/** GET /api/v1/idempotency/{store}/records/{key} */
export const getRecord = operation({
  method: "get",
  path: "/api/v1/idempotency/{store}/records/{key}",
  id: "getRecord",
  summary: "One record: TTL and value",
  tag: "Idempotency",
  access: "viewer",
  responses: {
    "200": { description: "The record.", schema: IdempotencyRecord },
  },
  errors: ["BadRequest","NotFound","Unavailable"],
});

/** DELETE /api/v1/idempotency/{store}/records/{key} */
export const deleteRecord = operation({
  method: "delete",
  path: "/api/v1/idempotency/{store}/records/{key}",
  id: "deleteRecord",
  summary: "Delete a record so the event can be processed again",
  tag: "Idempotency",
  access: "operator",
  responses: {
    "204": { description: "Deleted." },
  },
  errors: ["NotFound","Unavailable"],
});

/** The query of GET /api/v1/trace, as the route parses it. */
export const traceQuery = z.object({
  id: z.string().trim().min(1, { error: "id is required: the event id to trace" }).max(1024, { error: "id must be at most 1024 characters" }),
  perTopic: queryInteger("perTopic", 1, 100_000).optional(),
  budgetMs: queryInteger("budgetMs", 500, 60_000).optional(),
  cluster: z.string().min(1).max(64).optional(),
  topic: z.string().min(1).max(MAX_PATTERN_LENGTH, { error: `topic must be at most ${MAX_PATTERN_LENGTH} characters` }).optional(),
  /** "1": stream NDJSON progress lines, then the result. */
  stream: z.enum(["0", "1", "true", "false"]).optional(),
});
export type TraceQuery = z.output<typeof traceQuery>;

/** GET /api/v1/trace */
export const trace = operation({
  method: "get",
  path: "/api/v1/trace",
  id: "trace",
  summary: "Every place an event id is found, and its story",
  description: "Scans topics and DLQs of every cluster (bounded by `perTopic` and `budgetMs`) and the idempotency stores. With `stream=1` the answer is NDJSON: `{\"type\":\"progress\",...}` lines while the scan runs, then `{\"type\":\"result\",\"result\":TraceResult}` (or `{\"type\":\"error\",\"error\":{code,message}}`). Without the clear-values permission, messages are masked before they are matched: a masked value finds nothing. `topic` globs are matched in linear time (at most 256 characters).",
  tag: "Idempotency",
  access: "viewer",
  parameters: queryParameters(traceQuery, {
    id: "The event id.",
    perTopic: "Newest messages read per topic.",
    budgetMs: "Time the topic scan may take.",
    cluster: "Only this cluster's topics.",
    topic: "Only topics with this name or glob (\"orders.*\").",
    stream: "`1`: NDJSON progress, then the result.",
  }),
  responses: {
    "200": { description: "The result (JSON), or NDJSON lines with stream=1.", schema: TraceResult, content: {"application/x-ndjson":{"schema":{"type":"string"}}} },
  },
  errors: ["BadRequest","NotFound"],
});

export const idempotencyOperations = [listStores, getStore, listRecords, getRecord, deleteRecord, trace];
