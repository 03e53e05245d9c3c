import { z } from "zod";
import { kindInfo, type ClusterKind } from "@/lib/brokers/kinds";
import { CONSUMER_SORTS, CONSUMER_STATUSES, type ConsumerStatusFilter } from "@/lib/consumers/order-consumers";
import { DEFAULT_SCAN_LIMIT, MAX_SCAN_LIMIT } from "@/lib/search/scan-budget";
import { MAX_SEARCH_CURSOR_CHARS } from "@/lib/search/search-cursor";

// Query strings arrive as text; these turn them into numbers and dates or a 400 naming the field.
const integerText = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${field} must be a whole number`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `${field} must be between ${min} and ${max}`);

export const MAX_MESSAGES_LIMIT = 500;

export const messagesQuerySchema = z.object({
  partition: integerText("partition", 0, 1_000_000).optional(),
  from: integerText("from", 0, Number.MAX_SAFE_INTEGER).optional(),
  // Where messages carry ids (Redis Streams' <ms>-<seq>): start at this one. The connector checks the
  // form (a 400 naming fromId); parseMessagesQuery refuses it for brokers whose messages carry none.
  fromId: z.string().min(1, "fromId must not be empty").max(64, "fromId must be at most 64 characters").optional(),
  since: z
    .string()
    .refine((text) => /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)), "since must be an ISO time such as 2026-01-31T12:00:00Z")
    .transform((text) => new Date(text))
    .optional(),
  limit: integerText("limit", 1, MAX_MESSAGES_LIMIT).default(50),
  q: z.string().max(500, "q must be at most 500 characters").optional(),
  // Server-side search only (with q): how many messages one request may look at, and where to go on.
  scanLimit: integerText("scanLimit", 1, MAX_SCAN_LIMIT).default(DEFAULT_SCAN_LIMIT),
  cursor: z.string().max(MAX_SEARCH_CURSOR_CHARS, `cursor must be at most ${MAX_SEARCH_CURSOR_CHARS} characters`).optional(),
});

/**
 * The messages query of a topic of this kind of cluster. `fromId` starts at a message id, which only
 * brokers whose messages carry one understand (kind descriptor `messageIds`): elsewhere it is a 400
 * naming it rather than ignored, so nobody reads from the beginning believing they read from an id.
 */
export function messagesQueryFor(kind: ClusterKind) {
  const info = kindInfo(kind);
  if (info.messageIds) return messagesQuerySchema;
  return messagesQuerySchema.refine((query) => query.fromId === undefined, {
    path: ["fromId"],
    message: `${info.label} messages carry no id: start at an offset (from, with partition) or a time (since)`,
  });
}

export const consumersQuerySchema = z.object({
  q: z.string().max(500, "q must be at most 500 characters").optional(),
  limit: integerText("limit", 1, 1000).default(100),
  cursor: z.string().max(1000).optional(),
  sort: z.enum(CONSUMER_SORTS, { message: `sort must be one of ${CONSUMER_SORTS.join(", ")}` }).default("name"),
  dir: z.enum(["asc", "desc"], { message: "dir must be asc or desc" }).optional(),
  /** Comma-separated statuses: "WARN,ERR". */
  status: z
    .string()
    .max(100)
    .transform((text) => text.split(",").map((part) => part.trim()).filter(Boolean))
    .refine((parts) => parts.every((part) => (CONSUMER_STATUSES as readonly string[]).includes(part)), `status must be a comma-separated list of ${CONSUMER_STATUSES.join(", ")}`)
    .transform((parts) => parts as ConsumerStatusFilter[])
    .optional(),
  topic: z.string().min(1, "topic must not be empty").max(300, "topic must be at most 300 characters").optional(),
});
