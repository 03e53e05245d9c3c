import { z } from "zod";
import { named, wire, isoTime } from "./schema-kit";
import { operation, type ResponseOf } from "./operation";
import { queryInteger, queryParameters } from "./query-kit";
import { DLQ_SORTS } from "@/lib/dlq/dlq-sort";
import { Message } from "./common";
import { DryRunMatched, JobAccepted } from "./jobs";

// Dead-letter queues: browse, summary, requeue, discard.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

/** Which DLQ messages a listing shows. */
export const DlqStatusFilter = z.enum(["pending", "requeued", "discarded", "all"]);
export type DlqStatusFilter = z.infer<typeof DlqStatusFilter>;

export const DlqMessage = named("DlqMessage", Message.extend(wire({
  id: z.string().describe("`<partition>-<offset>` (Kafka), `<seq>` (JetStream) or the entry id `<ms>-<seq>` (Redis Streams)."),
  originalTopic: z.string().nullable(),
  originalPartition: z.number().int().optional(),
  originalOffset: z.number().int().optional(),
  originalId: z.string().describe("Redis Streams: the original entry's id (`x-original-id`), `<ms>-<seq>`.").optional(),
  originalSubject: z.string().describe("JetStream: the subject a requeue publishes to.").optional(),
  error: z.string(),
  errorGroup: z.string().describe("The error's signature: numbers, ids and quoted parts replaced, or the exception class header (kafka_dlt-exception-fqcn, x-exception-class).").optional(),
  errorClass: z.string().optional(),
  attempts: z.number().int().nullable(),
  status: z.enum(["pending","requeuing","requeued","discarded"]),
}).shape));
export type DlqMessage = z.infer<typeof DlqMessage>;

export const DlqSummary = named("DlqSummary", wire({
  topic: z.string(),
  kind: z.enum(["topic","advisories"]).describe("\"topic\": a DLQ topic/stream; \"advisories\": JetStream messages that hit MaxDeliver (EVENTSCOPE_ADVISORIES).").optional(),
  originalTopics: z.array(z.string()),
  messages: z.number().int(),
  pending: z.number().int(),
}));
export type DlqSummary = z.infer<typeof DlqSummary>;

export const ErrorGroup = named("ErrorGroup", wire({
  error: z.string().describe("The group's signature: the error text with numbers, ids, uuids, hex and quoted parts replaced (\"at position <n>\"), or the exception class a kafka_dlt-exception-fqcn / x-exception-class header names. Pass it as `error` to list the group's messages."),
  example: z.string().describe("The literal error of one message of the group."),
  count: z.number().int(),
  oldest: isoTime,
  newest: isoTime,
  originalTopics: z.array(z.string()),
}));
export type ErrorGroup = z.infer<typeof ErrorGroup>;

/** GET /api/v1/clusters/{cluster}/dlq */
export const listDlqs = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/dlq",
  id: "listDlqs",
  summary: "Dead-letter queues with message and pending counts",
  tag: "DLQ",
  access: "viewer",
  responses: {
    "200": { description: "Every DLQ of the cluster.", schema: wire({
      dlqs: z.array(DlqSummary),
    }) },
  },
  errors: ["NotFound","Unavailable"],
});

/**
 * The query of GET .../dlq/{topic}/messages, as the route parses it. The cursor is opaque
 * (lib/dlq/dlq-query.ts); absent a sort, DLQ order (partition, offset), read as far as a page needs;
 * a sort reads the DLQ up to a bound (lib/dlq/dlq-sorted-page.ts) and says whether it read all of it.
 */
export const listDlqMessagesQuery = z.object({
  status: DlqStatusFilter.default("pending"),
  q: z.string().max(500).optional(),
  error: z.string().max(1000).optional(),
  originalTopic: z.string().max(300).optional(),
  since: isoTime.transform((text) => new Date(text)).optional(),
  until: isoTime.transform((text) => new Date(text)).optional(),
  limit: queryInteger("limit", 1, 500, 50),
  cursor: z.string().max(200).optional(),
  sort: z.enum(DLQ_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
});
export type ListDlqMessagesQuery = z.output<typeof listDlqMessagesQuery>;

/** GET /api/v1/clusters/{cluster}/dlq/{topic}/messages */
export const listDlqMessages = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/dlq/{topic}/messages",
  id: "listDlqMessages",
  summary: "Browse a DLQ with its original topic, error and attempts",
  tag: "DLQ",
  access: "viewer",
  parameters: queryParameters(listDlqMessagesQuery, {
    status: "Which messages.",
    q: "Text anywhere in the message.",
    error: "An exact error text, or an error group's signature from the summary.",
    originalTopic: "Original topic.",
    since: "Dead-lettered at or after (ISO time with a zone).",
    until: "Dead-lettered before (ISO time with a zone).",
    limit: "Page size.",
    cursor: "`next` of the previous page.",
    sort: "Order by a column; absent: DLQ order (partition, offset). A sorted page reads at most 20,000 DLQ messages and sorts those (see `sorted`).",
    dir: "Direction of `sort`; default newest / most attempts first, texts A to Z.",
  }),
  responses: {
    "200": { description: "A page.", schema: wire({
      messages: z.array(DlqMessage),
      scanned: z.number().int().describe("Messages read to fill the page."),
      next: z.string().optional(),
      sorted: wire({
        matched: z.number().int().describe("Matching messages that were sorted."),
        complete: z.boolean().describe("The whole DLQ was read: the order covers every matching message."),
        window: z.number().int().describe("Most DLQ messages a sorted page reads."),
      }).describe("On a sorted page: what the order covers.").optional(),
    }) },
  },
  errors: ["BadRequest","NotFound","Conflict","Unavailable"],
});

/** GET /api/v1/clusters/{cluster}/dlq/{topic}/summary */
export const getDlqSummary = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/dlq/{topic}/summary",
  id: "getDlqSummary",
  summary: "Pending messages grouped by error",
  tag: "DLQ",
  access: "viewer",
  responses: {
    "200": { description: "Groups, most frequent first.", schema: wire({
      groups: z.array(ErrorGroup),
      pending: z.number().int(),
      scanned: z.number().int(),
      truncated: z.boolean().describe("The scan stopped at its budget (200,000 messages)."),
    }) },
  },
  errors: ["NotFound","Unavailable"],
});

// The request bodies of requeue and discard: the schemas the routes parse with (lib/dlq/verbs) and
// that openapi.json shows.
export const MAX_REQUEUE_RATE = 100_000;
/** "Requeue and clear the record" deletes records one event at a time: for a selection, not a whole DLQ. */
export const MAX_CLEAR_IDS = 1_000;

const dlqTime = (description: string) =>
  z.iso.datetime({ offset: true }).transform((text) => new Date(text)).describe(description);

export const dlqFilter = z.object({
  q: z.string().max(500).describe("Text anywhere in key, headers or value.").optional(),
  error: z.string().max(1000).describe("An exact error text, or an error group's signature from the summary (`error` of ErrorGroup).").optional(),
  originalTopic: z.string().max(300).describe("Topic the message was dead-lettered from.").optional(),
  since: dlqTime("Dead-lettered at or after (ISO 8601 with a zone).").optional(),
  until: dlqTime("Dead-lettered before (ISO 8601 with a zone).").optional(),
}).describe("Selects DLQ messages by content; only pending messages are acted on. Without the clear-values permission, `q` and `error` match the masked message (a masked value matches nothing; a masked error is `***`), in dry runs and in the job alike.");

const dlqIds = z.array(z.string().min(1).max(64)).min(1).max(10_000);
const exactlyOneSelector = (body: { ids?: unknown; filter?: unknown; all?: boolean }) =>
  [body.ids !== undefined, body.filter !== undefined, body.all === true].filter(Boolean).length === 1;
const SELECTOR_MESSAGE = "choose exactly one of ids, filter or all: true";

export const requeueBody = z
  .object({
    ids: dlqIds.describe("DLQ message ids.").optional(),
    filter: dlqFilter.optional(),
    all: z.boolean().describe("Every pending message.").optional(),
    dryRun: z.boolean().optional(),
    target: z.string().min(1).max(300).describe("Publish here instead of the original topic: an existing, non-internal topic, or a subject a stream captures (never `$`-prefixed or `_INBOX`); otherwise 400 naming `target`. Without it each message goes where its headers say, checked by the same rule per message: a refused one is not sent and counts in the job's `failed`/`failures`.").optional(),
    ratePerSec: z.number().int().min(1, "ratePerSec must be at least 1").max(MAX_REQUEUE_RATE, `ratePerSec must be at most ${MAX_REQUEUE_RATE}`).describe("Default 10,000.").optional(),
    dropHeaders: z.array(z.string().min(1).max(300)).max(100).describe("Headers to leave out.").optional(),
    setHeaders: z
      .record(z.string().min(1).max(300), z.string().max(10_000))
      .refine((headers) => Object.keys(headers).length <= 50, "at most 50 headers")
      .describe("Headers to add or replace (at most 50).")
      .optional(),
    value: z.string().max(1024 * 1024).describe("Edited payload for a single message.").optional(),
    clearIdempotencyRecords: z.boolean().describe("Requeue and clear the record: with `ids` (at most 1,000), delete the events' idempotency records first (each audited), so idempotent consumers process them again. A store that cannot delete refuses the whole request (503) before anything is sent. The dry run then also answers `recordsToClear`; the 202 answers `clearedRecords`.").optional(),
  })
  .superRefine((body, ctx) => {
    if (!exactlyOneSelector(body)) ctx.addIssue({ code: "custom", path: ["ids"], message: SELECTOR_MESSAGE });
    if (body.value !== undefined && body.ids?.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "an edited value can only be sent for a single message (ids with one id)" });
    }
    if (body.clearIdempotencyRecords && (body.ids === undefined || body.ids.length > MAX_CLEAR_IDS)) {
      ctx.addIssue({
        code: "custom",
        path: ["clearIdempotencyRecords"],
        message: `idempotency records can only be cleared for chosen messages (ids, at most ${MAX_CLEAR_IDS})`,
      });
    }
  });

export const discardBody = z
  .object({
    ids: dlqIds.optional(),
    filter: dlqFilter.optional(),
    all: z.boolean().optional(),
    dryRun: z.boolean().describe("Only count; nothing is marked or deleted.").optional(),
  })
  .refine(exactlyOneSelector, { path: ["ids"], message: SELECTOR_MESSAGE });

/** POST /api/v1/clusters/{cluster}/dlq/{topic}/requeue */
export const requeue = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/dlq/{topic}/requeue",
  id: "requeue",
  summary: "Requeue DLQ messages to their original topic (or a target), as a job",
  description: "Exactly one of `ids`, `filter` or `all: true`. Every message is moved once in effect: a deterministic `x-eventscope-requeue-id` header (JetStream: `Nats-Msg-Id`) and recorded state. `value` (an edited payload) only with a single id. `dryRun` answers the count only.",
  tag: "DLQ",
  access: "operator",
  body: requeueBody,
  responses: {
    "200": { description: "dryRun: how many pending messages would be requeued (and `recordsToClear` with clearIdempotencyRecords).", schema: DryRunMatched },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound","Unprocessable","Unavailable"],
});

/** POST /api/v1/clusters/{cluster}/dlq/{topic}/discard */
export const discard = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/dlq/{topic}/discard",
  id: "discard",
  summary: "Mark DLQ messages resolved without sending them",
  description: "Exactly one of `ids`, `filter` or `all: true`. On JetStream they are also deleted from the DLQ stream. `dryRun` answers how many pending messages would be discarded (`{matched}`) and changes nothing.",
  tag: "DLQ",
  access: "operator",
  body: discardBody,
  responses: {
    "200": { description: "How many were discarded; with dryRun, how many pending messages would be (`matched`).", schema: z.union([wire({
      discarded: z.number().int(),
    }), DryRunMatched]) },
  },
  errors: ["NotFound","Unavailable"],
});

export const dlqOperations = [listDlqs, listDlqMessages, getDlqSummary, requeue, discard];

// The requests and answers as the client writes and reads them.
export type DlqKind = NonNullable<DlqSummary["kind"]>;
export type DlqRow = DlqSummary;
export type DlqsResponse = ResponseOf<typeof listDlqs>;
export type DlqMessageStatus = DlqMessage["status"];
export type DlqMessagesResponse = ResponseOf<typeof listDlqMessages>;
export type DlqErrorGroup = ErrorGroup;
export type DlqSummaryResponse = ResponseOf<typeof getDlqSummary>;
type RequeueFields = z.input<typeof requeue.body>;
export type DlqFilterBody = NonNullable<RequeueFields["filter"]>;
/** Which messages an action is about: exactly one of ids, filter or all. */
export type DlqTargetSelector = Required<Pick<RequeueFields, "ids">> | Required<Pick<RequeueFields, "filter">> | { all: true };
export type RequeueBody = DlqTargetSelector & Omit<RequeueFields, "ids" | "filter" | "all">;
export type RequeueDryRunResponse = ResponseOf<typeof requeue, "200">;
export type RequeueStartedResponse = ResponseOf<typeof requeue, "202">;
export type DiscardResponse = Extract<ResponseOf<typeof discard>, { discarded: number }>;
