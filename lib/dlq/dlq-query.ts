import { DomainError } from "@/lib/errors";
import type { DlqCursor } from "./dlq-messages";

// The opaque cursors of GET /dlq/{topic}/messages (its query is the contract's listDlqMessagesQuery):
// "<partition>:<offset>" in base64url, or "sorted:<rows to skip>" for a sorted page.

/** "<partition>:<offset>", or "<partition>:<offset>:<id>" where messages carry ids (the id is where to go on). */
export function encodeDlqCursor(cursor: DlqCursor): string {
  const id = cursor.id !== undefined ? `:${cursor.id}` : "";
  return Buffer.from(`${cursor.partition}:${cursor.offset}${id}`).toString("base64url");
}

export function decodeDlqCursor(text: string | undefined): DlqCursor | undefined {
  if (!text) return undefined;
  const match = /^(\d{1,9}):(\d{1,15})(?::(\d{1,20}-\d{1,20}))?$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match) throw new DomainError("invalid-input", "cursor: not a cursor this API returned", { field: "cursor" });
  return { partition: Number(match[1]), offset: Number(match[2]), ...(match[3] !== undefined ? { id: match[3] } : {}) };
}

/** The cursor of a sorted page: how many rows of the order come before it. */
export function encodeDlqSortCursor(skip: number): string {
  return Buffer.from(`sorted:${skip}`).toString("base64url");
}

/** @param maxSkip rows beyond it cannot be reached (the sort reads a bounded part of the DLQ). */
export function decodeDlqSortCursor(text: string | undefined, maxSkip: number): number {
  if (!text) return 0;
  const match = /^sorted:(\d{1,9})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match || Number(match[1]) > maxSkip) {
    throw new DomainError("invalid-input", "cursor: not a cursor of this sorted list (a new sort starts again without one)", { field: "cursor" });
  }
  return Number(match[1]);
}
