import { z } from "zod";
import { named, wire } from "./schema-kit";
import { operation, type ResponseOf } from "./operation";
import { queryInteger, queryParameters, queryText, queryTime } from "./query-kit";
import { DEFAULT_SCAN_LIMIT, MAX_SCAN_LIMIT, MAX_SEARCH_CURSOR_CHARS } from "@/lib/search/scan-budget";

export const MAX_MESSAGES_LIMIT = 500;
import { Message, RateHistory, historyExchange } from "./common";

// Topics (streams), their messages and throughput history.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const TopicSummary = named("TopicSummary", wire({
  name: z.string(),
  partitions: z.number().int(),
  messages: z.number().int().nullable(),
  bytes: z.number().int().nullable().describe("Bytes on disk: a JetStream stream's bytes; for Kafka the sum of the partitions' log sizes from DescribeLogDirs (each partition once, from its leader; record batches as stored, so more than the payloads). Null when unknown (a Kafka broker before 2.6, no `Describe` on the cluster, or a partition without a leader), never 0 for unknown."),
  msgsPerSec: z.number().nullable().describe("Null until the sampler has two samples."),
  bytesPerSec: z.number().nullable().describe("Growth of `bytes` per second over the last samples, counting only the intervals in which it grew: a drop (Kafka retention deleting segments) is left out, never negative. Null while sizes are unknown or only dropped."),
  dlq: z.boolean().describe("The name follows a DLQ convention."),
  internal: z.boolean().describe("Kafka internal (`__*`, `_confluent*`) or a NATS KV stream.").optional(),
}));
export type TopicSummary = z.infer<typeof TopicSummary>;

export const TopicDetail = named("TopicDetail", wire({
  name: z.string(),
  partitions: z.array(wire({
    partition: z.number().int(),
    low: z.number().int().describe("Kafka low watermark / JetStream first sequence."),
    high: z.number().int().describe("Kafka high watermark (next offset) / JetStream last sequence + 1."),
    messages: z.number().int(),
    msgsPerSec: z.number().nullable().optional(),
  })),
  subjects: z.array(z.string()).describe("JetStream: the stream's subjects.").optional(),
  bytes: z.number().int().nullable().describe("As in TopicSummary.").optional(),
  dlq: z.boolean().optional(),
  msgsPerSec: z.number().nullable().optional(),
  bytesPerSec: z.number().nullable().describe("As in TopicSummary.").optional(),
}));
export type TopicDetail = z.infer<typeof TopicDetail>;

// The message shape, shared with the DLQ's (lib/contract/common.ts).
export { Message, ProcessedMark } from "./common";

/** GET /api/v1/clusters/{cluster}/topics */
export const listTopics = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/topics",
  id: "listTopics",
  summary: "Topics (Kafka) or streams (JetStream)",
  description: "Numbers are null where unknown (bytes on Kafka, rates before two samples).",
  tag: "Topics",
  access: "viewer",
  responses: {
    "200": { description: "Every topic.", schema: wire({
      topics: z.array(TopicSummary),
    }) },
  },
  errors: ["NotFound","Unavailable"],
});

/** GET /api/v1/clusters/{cluster}/topics/{topic} */
export const getTopic = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/topics/{topic}",
  id: "getTopic",
  summary: "Partitions with low/high offsets and message counts",
  tag: "Topics",
  access: "viewer",
  responses: {
    "200": { description: "The topic.", schema: TopicDetail },
  },
  errors: ["NotFound","Unavailable"],
});

/** The query of GET .../messages, as the route parses it (the kind's own rules: lib/messages/messages-query.ts). */
export const readMessagesQuery = z.object({
  partition: queryInteger("partition", 0, 1_000_000).optional(),
  from: queryInteger("from", 0, Number.MAX_SAFE_INTEGER).optional(),
  fromId: z.string().min(1, { error: "fromId must not be empty" }).max(64, { error: "fromId must be at most 64 characters" }).optional(),
  since: queryTime("since", { dateFirst: true }).optional(),
  limit: queryInteger("limit", 1, MAX_MESSAGES_LIMIT, 50),
  q: queryText("q", 500).optional(),
  // Server-side search only (with q): how many messages one request may look at, and where to go on.
  scanLimit: queryInteger("scanLimit", 1, MAX_SCAN_LIMIT, DEFAULT_SCAN_LIMIT),
  cursor: queryText("cursor", MAX_SEARCH_CURSOR_CHARS).optional(),
});
export type ReadMessagesQuery = z.output<typeof readMessagesQuery>;

/** GET /api/v1/clusters/{cluster}/topics/{topic}/messages */
export const readMessages = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/topics/{topic}/messages",
  id: "readMessages",
  summary: "Read messages by partition and offset, or from a time; with q, search the topic",
  description: "Values are decoded safely (JSON pretty-printed, UTF-8 as text, else base64) and masked by the masking rules. Without `q`, one page is read. With `q` the server searches: it scans forward from `from` / `since` / the beginning (one partition or all) until `limit` matches are found or the scan budget is spent (`scanLimit` messages, or about 10 s), and answers `scanned`, `stoppedBy` and, unless every partition was scanned to its end, `next`: an opaque cursor to pass as `cursor` to continue exactly there. Matching is case-insensitive over key, header names and values, value and subject, on the text as stored (text that only appears in the pretty-printed or base64 rendering is not found); candidates are masked before they are checked, so a masked value never makes a message match. At most `EVENTSCOPE_MAX_CONCURRENT_SEARCHES` (default 4) searches run at once per server process: one more is answered 429 `rate-limited` with `Retry-After`; a plain page read is never refused. A search whose caller disconnects stops at its next broker read. RabbitMQ: reads of one queue run one at a time per console process; a first page that finds nothing while RabbitMQ counts messages in the queue (all delivered to a consumer and not acknowledged) is answered 409 `conflict` with the figures, never as an empty queue.",
  tag: "Topics",
  access: "viewer",
  parameters: queryParameters(readMessagesQuery, {
    partition: "Only this partition (JetStream: 0).",
    from: "Offset / stream sequence to start at (inclusive). Redis Streams: positional, the n-th entry of the stream as it is now.",
    fromId: "Redis Streams: the entry id `<ms>-<seq>` to start at (inclusive); wins over from and since. Kinds whose messages carry no id (Kafka, NATS, RabbitMQ) answer 400 naming fromId.",
    since: "Start at the first message at or after this ISO time.",
    limit: "Messages to read; with q, matches to find.",
    q: "Search: messages whose key, headers, value or subject contain this text (case-insensitive).",
    scanLimit: "With q: the most messages this request looks at.",
    cursor: "With q: the `next` of an earlier search answer; continues where it stopped (partition, from and since are then ignored).",
  }),
  responses: {
    "200": { description: "A page of messages, or the matches of a search.", schema: wire({
      messages: z.array(Message),
      next: z.union([wire({
        partition: z.number().int(),
        offset: z.number().int(),
        id: z.string().describe("Redis Streams: the entry id the next page starts at (pass it as fromId; the offset is only positional).").optional(),
      }).describe("Without q: where the next page starts."), z.string().describe("With q: an opaque cursor; pass it as `cursor` (with the same q) to continue the search.")]).optional(),
      scanned: z.number().int().describe("With q: messages this request looked at.").optional(),
      stoppedBy: z.enum(["matches","end","scanLimit","timeBudget"]).describe("With q: why the scan stopped. \"matches\": `limit` matches found; \"end\": every partition scanned to the end it had when the search began; \"scanLimit\" / \"timeBudget\": the scan budget ran out (continue with `next`).").optional(),
    }) },
  },
  errors: ["BadRequest","NotFound","Conflict","TooManyRequests","Unavailable"],
});

/** GET /api/v1/clusters/{cluster}/topics/{topic}/history */
export const getTopicHistory = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/topics/{topic}/history",
  id: "getTopicHistory",
  summary: "Topic throughput over time",
  tag: "Topics",
  access: "viewer",
  ...historyExchange(RateHistory),
});

export const topicsOperations = [listTopics, getTopic, readMessages, getTopicHistory];

// The answers as the client reads them.
export type TopicRow = TopicSummary;
export type TopicsResponse = ResponseOf<typeof listTopics>;
export type PartitionOffsets = TopicDetail["partitions"][number];
export type MessageEncoding = Message["encoding"];
export type MessagesResponse = ResponseOf<typeof readMessages>;
/** Browsing: where the next page starts (searching answers an opaque string instead). */
export type MessageCursor = Exclude<NonNullable<MessagesResponse["next"]>, string>;
/** Why a server-side search stopped. */
export type SearchStop = NonNullable<MessagesResponse["stoppedBy"]>;
