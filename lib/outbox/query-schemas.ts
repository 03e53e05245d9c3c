import { z } from "zod";

// Query strings and bodies of the outbox API; a bad field becomes a 400 naming it.

export const MAX_ROWS_LIMIT = 500;
export const MAX_ACTION_IDS = 1_000;

export const rowsQuerySchema = z.object({
  status: z.string().min(1).max(64, "status must be at most 64 characters").optional(),
  q: z.string().min(1).max(500, "q must be at most 500 characters").optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ROWS_LIMIT, `limit must be between 1 and ${MAX_ROWS_LIMIT}`)
    .default(50),
  cursor: z.string().max(2_000, "cursor is too long").optional(),
});

export const historyQuerySchema = z.object({
  window: z.enum(["15m", "1h", "6h", "24h", "7d"], { message: "window must be 15m, 1h, 6h, 24h or 7d" }).default("1h"),
});

const rowId = z.string().min(1).max(256);

/** retry / mark-failed: these ids, or every stuck row. */
export const actionBodySchema = z
  .object({
    ids: z.array(rowId).min(1).max(MAX_ACTION_IDS).optional(),
    stuck: z.literal(true).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict()
  .refine((body) => (body.ids === undefined) !== (body.stuck === undefined), { message: "send either ids (at most 1,000) or stuck: true", path: ["ids"] });
export type ActionBody = z.infer<typeof actionBodySchema>;
