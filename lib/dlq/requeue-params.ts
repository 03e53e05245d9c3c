import { z } from "zod";

// The body of POST /dlq/{topic}/requeue (API.md), and what a requeue job keeps to resume.
export const MAX_RATE = 100_000;
/** "Requeue and clear the record" deletes records one event at a time: for a selection, not a whole DLQ. */
export const MAX_CLEAR_IDS = 1_000;

export const dlqFilterSchema = z.object({
  q: z.string().max(500).optional(),
  error: z.string().max(1000).optional(),
  originalTopic: z.string().max(300).optional(),
  since: z.iso.datetime({ offset: true }).transform((text) => new Date(text)).optional(),
  until: z.iso.datetime({ offset: true }).transform((text) => new Date(text)).optional(),
});

export const requeueBodySchema = z
  .object({
    ids: z.array(z.string().min(1).max(64)).min(1).max(10_000).optional(),
    filter: dlqFilterSchema.optional(),
    all: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    target: z.string().min(1).max(300).optional(),
    ratePerSec: z.number().int().min(1, "ratePerSec must be at least 1").max(MAX_RATE, `ratePerSec must be at most ${MAX_RATE}`).optional(),
    dropHeaders: z.array(z.string().min(1).max(300)).max(100).optional(),
    setHeaders: z
      .record(z.string().min(1).max(300), z.string().max(10_000))
      .refine((headers) => Object.keys(headers).length <= 50, "at most 50 headers")
      .optional(),
    value: z.string().max(1024 * 1024).optional(),
    /** Delete the idempotency records of the selected messages' events first, so they are processed again. */
    clearIdempotencyRecords: z.boolean().optional(),
  })
  .superRefine((body, ctx) => {
    const ways = [body.ids !== undefined, body.filter !== undefined, body.all === true].filter(Boolean).length;
    if (ways !== 1) ctx.addIssue({ code: "custom", path: ["ids"], message: "choose exactly one of ids, filter or all: true" });
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

export type RequeueBody = z.infer<typeof requeueBodySchema>;

export interface RequeueJobParams {
  topic: string;
  dlqKind: "topic" | "advisories";
  ids?: string[];
  filter?: { q?: string; error?: string; originalTopic?: string; since?: string; until?: string };
  /** filter.q is matched on masked values: the requester may not see clear ones (lib/dlq/mask-dlq-messages.ts). */
  matchMaskedValues?: true;
  target?: string;
  ratePerSec: number;
  dropHeaders?: string[];
  setHeaders?: Record<string, string>;
  value?: string;
}

export const DEFAULT_REQUEUE_RATE = 10_000;
