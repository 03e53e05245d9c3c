import { z } from "zod";
import { CLUSTER_KINDS } from "@/lib/brokers/kinds";
import { ERROR_CODES } from "@/lib/errors/domain-error";
import { parseWindow } from "@/lib/metrics/parse-window";
import { named, wire, isoTime } from "./schema-kit";
import { queryParameters } from "./query-kit";
import type { ErrorResponse } from "./operation";

// Shapes shared by several parts of the API: the error body, cluster kinds, lag status, history points
// and queries, and the message (a topic's and, extended, a DLQ's).
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const ApiError = named("Error", wire({
  error: z.looseObject({
    code: z.enum(ERROR_CODES).describe("Kebab-case error code."),
    message: z.string().describe("A sentence for a person; for invalid input it starts with the field (`limit: limit must be between 1 and 500`)."),
    field: z.string().describe("Invalid input: the field at fault, dotted (`to.offsets.2.partition`, `body`).").optional(),
    needed: z.string().describe("forbidden: the role the route needs.").optional(),
    reason: z.string().describe("forbidden: \"read-only\" when read-only mode refused the action.").optional(),
    cluster: z.string().describe("forbidden (read-only): the cluster that is read-only.").optional(),
  }),
}).describe("Every 4xx/5xx answer. Extra detail fields may appear beside code and message."));
export type ApiError = z.infer<typeof ApiError>;

export const ClusterKind = named("ClusterKind", z.enum(CLUSTER_KINDS));
export type ClusterKind = z.infer<typeof ClusterKind>;

export const LagStatus = named("LagStatus", z.enum(["OK","WARN","STALL","STOP","REWIND","ERR","UNKNOWN"]).describe("Burrow-style evaluation over the sampling window; the group's is its worst partition's."));
export type LagStatus = z.infer<typeof LagStatus>;

export const RatePoint = named("RatePoint", wire({
  t: isoTime,
  msgsPerSec: z.number().nullable(),
  bytesPerSec: z.number().nullable(),
}));
export type RatePoint = z.infer<typeof RatePoint>;

export const LagPoint = named("LagPoint", wire({
  t: isoTime,
  lag: z.number().int().nullable(),
  lagSeconds: z.number().nullable(),
}));
export type LagPoint = z.infer<typeof LagPoint>;

export const RateHistory = named("RateHistory", wire({
  window: z.number().int().describe("Seconds."),
  resolution: z.number().int().describe("Seconds between points."),
  points: z.array(RatePoint),
}));
export type RateHistory = z.infer<typeof RateHistory>;

export const LagHistory = named("LagHistory", wire({
  window: z.number().int().describe("Seconds."),
  resolution: z.number().int().describe("Seconds between points."),
  points: z.array(LagPoint),
  partitions: z.array(wire({
    topic: z.string(),
    partition: z.number().int(),
    points: z.array(LagPoint),
  })).describe("Per partition; empty for windows over 1h."),
}));
export type LagHistory = z.infer<typeof LagHistory>;

export const ProcessedMark = named("ProcessedMark", wire({
  store: z.string(),
  key: z.string(),
  ttlSeconds: z.number().int().nullable(),
  processedAt: isoTime.optional(),
  consumer: z.string().optional(),
  masked: z.literal(true).describe("processedAt or consumer left out: read from a field a masking rule covers (readers without the clear-values permission).").optional(),
}).describe("The idempotency record that marks the message's event as processed."));
export type ProcessedMark = z.infer<typeof ProcessedMark>;

export const Message = named("Message", wire({
  partition: z.number().int().describe("0 for JetStream."),
  offset: z.number().int().describe("Kafka offset or JetStream stream sequence; Redis Streams: only positional (use `id`)."),
  timestamp: isoTime,
  key: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  value: z.string().nullable().describe("Pretty-printed JSON, UTF-8 text, or base64 (see `encoding`); cut at 1 MiB."),
  encoding: z.enum(["json","text","base64"]),
  size: z.number().int().describe("Full size of the value in bytes."),
  truncated: z.boolean().describe("The value was cut at 1 MiB.").optional(),
  subject: z.string().describe("JetStream subject.").optional(),
  id: z.string().describe("Redis Streams: the entry id (<ms>-<seq>, two 64-bit numbers), which addresses the message (browse with fromId); `offset` is only positional.").optional(),
  masked: z.boolean().describe("Masking rules replaced some values with ***.").optional(),
  eventId: z.string().nullable().describe("Event id found by the topic's event-id rule.").optional(),
  eventIdFrom: z.string().describe("Where it was found: \"key\", \"header:x-event-id\", \"json:$.id\".").optional(),
  processed: ProcessedMark.nullable().optional(),
  processedError: z.string().describe("No record was found, but a store could not be asked.").optional(),
  traceId: z.string().describe("The message's distributed trace id (traceparent or uber-trace-id header, unless masked): 16 or 32 lowercase hex.").optional(),
  traceIdFrom: z.enum(["traceparent","uber-trace-id"]).optional(),
  traceUrl: z.string().describe("The link to the trace, from the config's traceLinks.urlTemplate (absent without one).").optional(),
}));
export type Message = z.infer<typeof Message>;

export type RateHistoryResponse = RateHistory;

const WINDOW_PROBLEM = { error: "use a number and a unit, such as 5m, 1h, 24h or 7d (at most 7d)" };

/** The query of every history route (cluster, topic, group): how far back. "" is the default. */
export const historyQuery = z.object({
  window: z
    .preprocess(
      (value) => (value === "" ? undefined : typeof value === "string" ? value.trim() : value),
      z
        .string()
        .regex(/^\d{1,4}[smhd]$/, WINDOW_PROBLEM)
        .refine((text) => parseWindow(text) !== null, WINDOW_PROBLEM)
        .meta({ examples: ["5m", "1h", "24h", "7d"] })
        .default("15m"),
    ),
});
export const historyParameters = queryParameters(historyQuery, {
  window:
    "History window: a number and a unit (s, m, h, d), at most 7d. Up to 1h comes from memory at the sampling interval; longer windows from minute points stored in the database.",
});

/** What every history operation takes and answers: a window, and points of `points` (RateHistory, LagHistory). */
export const historyExchange = <Points extends z.ZodType>(points: Points) => ({
  parameters: historyParameters,
  responses: { "200": { description: "Points, oldest first.", schema: points } },
  errors: ["BadRequest", "NotFound", "Unavailable"] satisfies ErrorResponse[] as ErrorResponse[],
});
