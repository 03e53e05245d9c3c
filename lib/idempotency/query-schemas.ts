import { z } from "zod";
import { hasGlobSyntax } from "@/lib/idempotency/glob";
import { MAX_PATTERN_LENGTH } from "@/lib/patterns/wildcard-match";

// Query strings and bodies of the idempotency and trace API; a bad field becomes a 400 naming it.
const integerText = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${field} must be a whole number`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `${field} must be between ${min} and ${max}`);

export const MAX_RECORDS_LIMIT = 500;

export const recordsQuerySchema = z.object({
  q: z
    .string()
    .max(500, "q must be at most 500 characters")
    // A glob goes to Redis' SCAN MATCH and to our matcher: its length bounds the matching work.
    .refine((q) => !hasGlobSyntax(q) || q.length <= MAX_PATTERN_LENGTH, `q must be at most ${MAX_PATTERN_LENGTH} characters when it is a glob`)
    .optional(),
  cursor: z.string().max(16_000, "cursor is too long").optional(),
  limit: integerText("limit", 1, MAX_RECORDS_LIMIT).default(50),
  sort: z.enum(["store", "newest"], { message: 'sort must be "store" or "newest"' }).default("store"),
});

/** A record key as it arrives in the path (already URL-decoded by the router). */
export const recordKeySchema = z.string().min(1, "key must not be empty").max(64 * 1024, "key is too long");

export const storeIdSchema = z.string().min(1).max(64);

export const traceQuerySchema = z.object({
  id: z.string().trim().min(1, "id is required: the event id to trace").max(1024, "id must be at most 1024 characters"),
  perTopic: integerText("perTopic", 1, 100_000).optional(),
  budgetMs: integerText("budgetMs", 500, 60_000).optional(),
  /** Only this cluster's topics. */
  cluster: z.string().min(1).max(64).optional(),
  /** Only topics with this name or matching this glob ("orders.*"). */
  topic: z.string().min(1).max(MAX_PATTERN_LENGTH, `topic must be at most ${MAX_PATTERN_LENGTH} characters`).optional(),
  /** "1": stream NDJSON progress lines, then the result. */
  stream: z.enum(["0", "1", "true", "false"]).optional(),
});
