import { invalidInput } from "@/lib/errors";
import type { RowCursor } from "./queries";

// Page cursors of the rows API: the last row's position (created_at text and id), base64url JSON.

export function encodeRowCursor(cursor: RowCursor): string {
  return Buffer.from(JSON.stringify(cursor.createdAt !== undefined ? [cursor.id, cursor.createdAt] : [cursor.id])).toString("base64url");
}

/** A cursor the API did not make is a 400, never a query with junk in it. */
export function decodeRowCursor(text: string | undefined): RowCursor | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalidInput("cursor", "not a cursor this API made (use `next` of the previous page)");
  }
  if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 2 || !parsed.every((part) => typeof part === "string" && part.length <= 256)) {
    throw invalidInput("cursor", "not a cursor this API made (use `next` of the previous page)");
  }
  const [id, createdAt] = parsed as string[];
  return { id: id!, ...(createdAt !== undefined ? { createdAt } : {}) };
}
