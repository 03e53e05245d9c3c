import { z } from "zod";
import type { outboxActionBody } from "@/lib/contract/outbox";

// Query strings and bodies of the outbox API; a bad field becomes a 400 naming it.

export const MAX_ROWS_LIMIT = 500;

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

// retry / mark-failed bodies: the contract's (lib/contract/outbox.ts outboxActionBody).
export type ActionBody = z.infer<typeof outboxActionBody>;
