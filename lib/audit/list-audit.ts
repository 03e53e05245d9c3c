import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";

// Newest first, keyset pagination on (at, id): pages stay stable while new events arrive.
export const auditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  /** Exact action, or a prefix ending in "." or "*" ("auth." or "auth.*"). */
  action: z.string().max(100).optional(),
  since: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), "since must be an ISO time such as 2026-01-31T12:00:00Z")
    .transform((text) => new Date(text))
    .optional(),
  cursor: z.string().max(200).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, "limit must be between 1 and 200")
    .default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  params: unknown;
  result: unknown;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  return id && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function listAuditEvents(query: AuditQuery): Promise<{ events: AuditEventView[]; next?: string }> {
  const db = await getDb();
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const action = query.action
    ? /[.*]$/.test(query.action)
      ? { startsWith: query.action.replace(/\*$/, "") }
      : query.action
    : undefined;
  const rows = await db.auditEvent.findMany({
    where: {
      ...(query.actor ? { actor: query.actor } : {}),
      ...(action ? { action } : {}),
      ...(query.since ? { at: { gte: query.since } } : {}),
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      target: row.target,
      params: parseJson(row.params),
      result: parseJson(row.result),
    })),
    ...(rows.length > query.limit && last ? { next: encodeCursor(last.at, last.id) } : {}),
  };
}
