import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import type { DlqCursor } from "./dlq-messages";

// Query of GET /dlq/{topic}/messages; the cursor is an opaque "<partition>:<offset>" in base64url.
export const dlqMessagesQuerySchema = z.object({
  status: z.enum(["pending", "requeued", "discarded", "all"]).default("pending"),
  q: z.string().max(500).optional(),
  error: z.string().max(1000).optional(),
  originalTopic: z.string().max(300).optional(),
  since: z.iso.datetime({ offset: true }).transform((text) => new Date(text)).optional(),
  until: z.iso.datetime({ offset: true }).transform((text) => new Date(text)).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, "limit must be between 1 and 500")
    .default(50),
  cursor: z.string().max(200).optional(),
});

export function encodeDlqCursor(cursor: DlqCursor): string {
  return Buffer.from(`${cursor.partition}:${cursor.offset}`).toString("base64url");
}

export function decodeDlqCursor(text: string | undefined): DlqCursor | undefined {
  if (!text) return undefined;
  const match = /^(\d{1,9}):(\d{1,15})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match) throw new AppError("invalid-input", "cursor: not a cursor this API returned", { field: "cursor" });
  return { partition: Number(match[1]), offset: Number(match[2]) };
}
