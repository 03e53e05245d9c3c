import { z } from "zod";
import { MAX_CONSUMER_NAME, MAX_IDLE_MS, MAX_SELECTED_IDS } from "@/lib/consumers/pending-limits";
import { resetBodySchema } from "@/lib/consumers/reset-request";
import { named, wire, isoTime } from "./schema-kit";
import { operation, query, type ResponseOf } from "./operation";
import { queryChoice, queryInteger, queryParameters, queryText } from "./query-kit";
import { CONSUMER_SORTS, CONSUMER_STATUSES, type ConsumerStatusFilter } from "@/lib/consumers/order-consumers";
import { LagHistory, LagStatus, historyExchange } from "./common";
import { JobAccepted } from "./jobs";

// Consumer groups: lag, history, offset reset, pending entries.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const ConsumerSummary = named("ConsumerSummary", wire({
  group: z.string().describe("Kafka group id, or `<stream>.<consumer>` for JetStream."),
  state: z.string(),
  members: z.number().int(),
  topics: z.array(z.string()),
  lag: z.number().int().nullable().describe("Kafka: high watermark minus committed, summed. JetStream: num_pending + num_ack_pending. Null where the broker cannot tell (a RabbitMQ queue without a depth, a Redis group without an entries-read figure)."),
  lagSeconds: z.number().nullable().describe("Estimated seconds behind (interpolated from offset history)."),
  lagSecondsAtLeast: z.boolean().describe("Present (true) when lagSeconds is a lower bound: the commit is older than the sampler's in-memory history (e.g. after a restart). Shown as \"≥ 3 m 20 s\".").optional(),
  status: LagStatus,
  statusReason: z.string().optional(),
  drainSeconds: z.number().nullable().describe("At the current consume rate, seconds to catch up.").optional(),
  consumeRate: z.number().nullable().describe("Messages per second the group commits.").optional(),
  pending: z.number().int().describe("JetStream: num_pending.").optional(),
  ackPending: z.number().int().describe("JetStream: num_ack_pending.").optional(),
}));
export type ConsumerSummary = z.infer<typeof ConsumerSummary>;

export const ConsumerDetail = named("ConsumerDetail", ConsumerSummary.extend(wire({
  brokerFigures: z.record(z.string(), z.unknown()).describe("Figures only this broker has (Redis Streams: last delivered id, undelivered/pending split, oldest pending entry, lag seconds), shown as they are.").optional(),
  memberDetails: z.array(wire({
    memberId: z.string(),
    clientId: z.string(),
    host: z.string(),
    assignments: z.array(wire({
      topic: z.string(),
      partitions: z.array(z.number().int()),
    })),
  })),
  partitions: z.array(wire({
    topic: z.string(),
    partition: z.number().int(),
    committed: z.number().int().nullable().describe("Committed offset; JetStream: ack floor + 1. Null when nothing is committed."),
    high: z.number().int(),
    lag: z.number().int(),
    noCommit: z.boolean().describe("No commit yet: lag is counted from the low watermark.").optional(),
    lagSeconds: z.number().nullable(),
    lagSecondsAtLeast: z.boolean().describe("Present (true) when lagSeconds is a lower bound.").optional(),
    status: LagStatus,
    statusReason: z.string().optional(),
    oldestUnconsumedAgeSeconds: z.number().nullable().describe("Age of the message at the committed offset.").optional(),
  })),
  redelivered: z.number().int().describe("JetStream.").optional(),
  delivered: z.number().int().describe("JetStream.").optional(),
}).shape));
export type ConsumerDetail = z.infer<typeof ConsumerDetail>;

export const ResetResponse = named("ResetResponse", wire({
  group: z.string(),
  dryRun: z.boolean(),
  applied: z.boolean(),
  method: z.enum(["commit","reset","recreate","none"]).describe("commit (Kafka), reset (JetStream 2.14+ in place), recreate (JetStream durable), none."),
  state: z.string(),
  members: z.number().int(),
  partitions: z.array(wire({
    topic: z.string(),
    partition: z.number().int(),
    from: z.number().int().nullable().describe("Where the group stands now."),
    to: z.number().int().describe("Where it will stand."),
    low: z.number().int(),
    high: z.number().int(),
    lag: z.number().int(),
    resultingLag: z.number().int(),
    clamped: z.enum(["low","high"]).optional(),
    requested: z.number().int().optional(),
    noMessageAtOrAfter: z.boolean().optional(),
    resultingLagIsEstimate: z.boolean().optional(),
    pendingKept: z.number().int().describe("Redis Streams: delivered, unacknowledged entries the reset leaves pending, counted in resultingLag.").optional(),
  })),
  lag: z.number().int(),
  resultingLag: z.number().int(),
  blocked: wire({
    code: z.enum(["conflict","unsupported"]),
    message: z.string(),
  }).describe("Why applying would be refused right now.").optional(),
  notes: z.array(z.string()),
}));
export type ResetResponse = z.infer<typeof ResetResponse>;

const DIRECTIONS = ["asc", "desc"] as const;

/** The query of GET .../consumers, as the route parses it. */
export const listConsumersQuery = z.object({
  q: queryText("q", 500).optional(),
  limit: queryInteger("limit", 1, 1000, 100),
  cursor: z.string().max(1000).optional(),
  sort: queryChoice("sort", CONSUMER_SORTS).default("name"),
  dir: queryChoice("dir", DIRECTIONS, "dir must be asc or desc").optional(),
  /** Comma-separated statuses: "WARN,ERR". */
  status: z
    .string()
    .max(100)
    .meta({ examples: ["WARN,ERR"] })
    .transform((text) => text.split(",").map((part) => part.trim()).filter(Boolean))
    .refine((parts) => parts.every((part) => (CONSUMER_STATUSES as readonly string[]).includes(part)), {
      error: `status must be a comma-separated list of ${CONSUMER_STATUSES.join(", ")}`,
    })
    .transform((parts) => parts as ConsumerStatusFilter[])
    .optional(),
  topic: z.string().min(1, { error: "topic must not be empty" }).max(300, { error: "topic must be at most 300 characters" }).optional(),
});
export type ListConsumersQuery = z.output<typeof listConsumersQuery>;

/** GET /api/v1/clusters/{cluster}/consumers */
export const listConsumers = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/consumers",
  id: "listConsumers",
  summary: "Consumer groups (Kafka) or consumers (JetStream) with lag and status",
  description: "Sorted by name by default (keyset pages stay stable while groups come and go); `sort` by lag, lag time or status (worst first by default) and a `status` filter order every group, paged by position.",
  tag: "Consumers",
  access: "viewer",
  parameters: queryParameters(listConsumersQuery, {
    q: "Only names containing this text (case-insensitive).",
    limit: "Page size.",
    cursor: "`next` of the previous page.",
    sort: "Order of the list; unknown lag times sort last.",
    dir: "Direction: asc by default for name, desc (biggest, worst first) for the others.",
    status: "Only groups with one of these comma-separated statuses (OK, WARN, ERR, UNKNOWN).",
    topic: "Only groups that read this topic (stream).",
  }),
  responses: {
    "200": { description: "A page.", schema: wire({
      consumers: z.array(ConsumerSummary),
      total: z.number().int().describe("Matching groups."),
      next: z.string().optional(),
    }) },
  },
  errors: ["BadRequest","NotFound","Unavailable"],
});

/** GET /api/v1/clusters/{cluster}/consumers/{group} */
export const getConsumer = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/consumers/{group}",
  id: "getConsumer",
  summary: "One group: members and per-partition lag, lag in seconds and status",
  tag: "Consumers",
  access: "viewer",
  responses: {
    "200": { description: "The group.", schema: ConsumerDetail },
  },
  errors: ["NotFound","Unavailable"],
});

/** GET /api/v1/clusters/{cluster}/consumers/{group}/history */
export const getConsumerHistory = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/history",
  id: "getConsumerHistory",
  summary: "Lag and lag seconds over time",
  tag: "Consumers",
  access: "viewer",
  ...historyExchange(LagHistory),
});

/** POST /api/v1/clusters/{cluster}/consumers/{group}/reset */
export const resetOffsets = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/reset",
  id: "resetOffsets",
  summary: "Reset a group's offsets (with a dry run that previews every partition)",
  description: "Kafka: the group must have no active members (409). JetStream: moved in place on 2.14+, else only by recreating the durable with `recreate: true` (422 otherwise). Unknown keys are refused.",
  tag: "Consumers",
  access: "operator",
  body: resetBodySchema,
  responses: {
    "200": { description: "The preview (dryRun), or what was applied (`applied: true`).", schema: ResetResponse },
  },
  errors: ["NotFound","Conflict","Unprocessable","Unavailable"],
});


/** The query of GET .../pending, as the route parses it; `offset` pages the sorted views, `after` sort id. */
export const listPendingQuery = z
  .object({
    limit: queryInteger("limit", 1, 1000, 100),
    after: z.string().regex(/^\d{1,20}-\d{1,20}$/, { error: "after must be an entry id <ms>-<seq>" }).optional(),
    consumer: z.string().min(1).max(1024).optional(),
    minIdleMs: queryInteger("minIdleMs", 0, MAX_IDLE_MS).optional(),
    sort: z.enum(["id", "idle", "deliveries"]).default("id"),
    // Paging of the sorted views, within the 10,000 oldest entries they sort.
    offset: queryInteger("offset", 0, 10_000).optional(),
  });
export type ListPendingQuery = z.output<typeof listPendingQuery>;

/** The pending query with the rules between its fields (offset with the sorted views, after with sort id). */
export const listPendingQueryChecked = listPendingQuery
  .refine((q) => q.offset === undefined || q.sort !== "id", { message: "offset pages the idle and deliveries sorts; sort id pages with after", path: ["offset"] })
  .refine((q) => q.after === undefined || q.sort === "id", { message: "after pages sort id; the idle and deliveries sorts page with offset", path: ["after"] });

/** GET /api/v1/clusters/{cluster}/consumers/{group}/pending */
export const listPendingEntries = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/pending",
  id: "listPendingEntries",
  summary: "A group's pending entries (delivered, not acknowledged), oldest first",
  description: "Redis Streams (`{group}` is `<stream>.<group>`): extended XPENDING. Other kinds answer 422. `after` is an entry id `<ms>-<seq>` (400 otherwise); a key that is not a stream is a 400, a group that does not exist a 404.",
  tag: "Consumers",
  access: "viewer",
  parameters: queryParameters(listPendingQuery, {
    limit: "Entries per page.",
    after: "Continue after this entry id (the previous page's `next`).",
    consumer: "Only this consumer's entries.",
    minIdleMs: "Only entries idle at least this long.",
    sort: "idle / deliveries: highest first, among the oldest 10,000 entries.",
    offset: "sort idle / deliveries: skip this many entries (the previous page's `nextOffset`).",
  }),
  responses: {
    "200": { description: "A page of pending entries.", schema: wire({
      entries: z.array(wire({
        id: z.string(),
        consumer: z.string(),
        idleMs: z.number().int(),
        deliveries: z.number().int(),
      })),
      total: z.number().int().describe("Pending entries of the group."),
      next: z.string().describe("Entry id to pass as `after` for the next page.").optional(),
      nextOffset: z.number().int().describe("sort idle / deliveries: the `offset` of the next page.").optional(),
      sortedWithin: z.number().int().describe("With sort idle/deliveries: only this many of the oldest entries were sorted.").optional(),
    }) },
  },
  errors: ["BadRequest","NotFound","Unprocessable","Unavailable"],
});


// Claim and ack select entries by id, or every entry idle at least minIdleMs (> 0). The connector
// checks each id's form (a 400 naming it), so the schema only bounds their size.
const selectionFields = {
  ids: z.array(z.string().min(1).max(50)).min(1).max(MAX_SELECTED_IDS).describe("These entries (`<ms>-<seq>`, 400 otherwise); without ids, every entry idle at least `minIdleMs`.").optional(),
  minIdleMs: z.number().int().min(0).max(MAX_IDLE_MS).describe("Only entries idle at least this long, re-checked at the instant each entry is acted on; required (above 0) without `ids`.").optional(),
  dryRun: z.boolean().describe("Count the entries the selection matches now; change nothing.").optional(),
};
const needsSelection = (body: { ids?: string[]; minIdleMs?: number }) => body.ids !== undefined || (body.minIdleMs ?? 0) > 0;
const selectionMessage = { message: "give ids, or minIdleMs above 0 to act on every entry idle that long", path: ["minIdleMs"] };

/** The bodies the pending routes parse with (lib/consumers/verbs). */
export const claimBody = z
  .strictObject({ consumer: z.string().min(1).max(MAX_CONSUMER_NAME).describe("The consumer that gets the entries."), ...selectionFields })
  .refine(needsSelection, selectionMessage);
export const ackBody = z.strictObject(selectionFields).refine(needsSelection, selectionMessage);
export const deadLetterBody = z.strictObject({
  minDeliveries: z.number().int().min(1).max(1_000_000_000),
  minIdleMs: z.number().int().min(0).max(MAX_IDLE_MS).optional(),
  dryRun: z.boolean().optional(),
});

/** POST /api/v1/clusters/{cluster}/consumers/{group}/pending/dead-letter */
export const deadLetterPending = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/pending/dead-letter",
  id: "deadLetterPending",
  summary: "Move pending entries past a delivery limit to the dead-letter stream (a job, with a dry run)",
  description: "Redis Streams: each entry delivered at least `minDeliveries` times (and idle `minIdleMs`) is copied to `<stream>:dlq` (or the configured dead-letter stream) with its original stream, id, group, consumer and delivery count, and acknowledged, atomically and re-checked at that instant, so nothing is lost or doubled. Audited as `consumer.dead-letter`. Unknown keys are refused.",
  tag: "Consumers",
  access: "operator",
  body: deadLetterBody,
  responses: {
    "200": { description: "dryRun: how many entries would move, and where.", schema: wire({
      matched: z.number().int(),
      destination: z.string().describe("The dead-letter stream."),
    }) },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound","Unprocessable","Unavailable"],
});

/** POST /api/v1/clusters/{cluster}/consumers/{group}/pending/claim */
export const claimPendingEntries = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/pending/claim",
  id: "claimPendingEntries",
  summary: "Give pending entries to another consumer (a job, with a dry run)",
  description: "Redis Streams: XCLAIM ... JUSTID (the delivery count stays) of the given entries, or of every entry idle at least `minIdleMs`, each re-checked at that instant (still pending, idle long enough). A consumer that does not exist is created by the claim: the dry run says `consumerExists`. Consumer names with control characters or surrounding spaces are refused (400). Audited as `consumer.claim`. Other kinds answer 422.",
  tag: "Consumers",
  access: "operator",
  body: claimBody,
  responses: {
    "200": { description: "dryRun: how many entries would move, and whether the consumer exists.", schema: wire({
      matched: z.number().int(),
      consumerExists: z.boolean().describe("False: the claim creates the consumer."),
    }) },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound","Unprocessable","Unavailable"],
});

/** POST /api/v1/clusters/{cluster}/consumers/{group}/pending/ack */
export const ackPendingEntries = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/consumers/{group}/pending/ack",
  id: "ackPendingEntries",
  summary: "Acknowledge pending entries for the group (a job, with a dry run)",
  description: "Redis Streams: XACK of the given entries, or of every entry idle at least `minIdleMs`, each re-checked at that instant in one script per batch (an entry a consumer read again in between is left alone). The entries stay in the stream; the group no longer waits for them. Audited as `consumer.ack`. Other kinds answer 422.",
  tag: "Consumers",
  access: "operator",
  body: ackBody,
  responses: {
    "200": { description: "dryRun: how many entries would be acknowledged.", schema: wire({ matched: z.number().int() }) },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound","Unprocessable","Unavailable"],
});

export const consumersOperations = [listConsumers, getConsumer, getConsumerHistory, resetOffsets, listPendingEntries, deadLetterPending, claimPendingEntries, ackPendingEntries];

// The answers as the client reads them.
export type ConsumerRow = ConsumerSummary;
export type ConsumersResponse = ResponseOf<typeof listConsumers>;
export type MemberDetail = NonNullable<ConsumerDetail["memberDetails"]>[number];
export type ConsumerPartition = ConsumerDetail["partitions"][number];
export type ConsumerHistoryResponse = ResponseOf<typeof getConsumerHistory>;
export type PartitionLagSeries = ConsumerHistoryResponse["partitions"][number];
export type PendingEntriesResponse = ResponseOf<typeof listPendingEntries>;
export type PendingEntryRow = PendingEntriesResponse["entries"][number];
export type ClaimDryRun = ResponseOf<typeof claimPendingEntries>;
export type AckDryRun = ResponseOf<typeof ackPendingEntries>;
export type DeadLetterDryRun = ResponseOf<typeof deadLetterPending>;
