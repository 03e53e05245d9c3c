import "server-only";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { clearRecordsForEvents } from "@/lib/idempotency/clear-records-for-event";
import type { DlqMessage } from "./dlq-messages";

/**
 * "Requeue and clear the record": an idempotent consumer skips an event whose id it has already
 * recorded as processed, so requeueing a message whose record is still there changes nothing. These
 * find those records (by the original topic's event-id rule) and delete them before the requeue job
 * is created.
 */

/** The distinct event ids of `messages` that have an idempotency record in some store. */
export async function eventIdsWithRecords(dlqTopic: string, messages: DlqMessage[]): Promise<string[]> {
  // Only the event ids are used, nothing is shown: no masking needed.
  const annotated = await annotateProcessed((message) => message.originalTopic ?? dlqTopic, messages, { canSeeClearValues: true });
  const unknown = annotated.find((message) => message.processed === null && message.processedError);
  if (unknown) {
    throw new DomainError("store-unavailable", `cannot tell whether event ${unknown.eventId ?? "?"} has an idempotency record: ${unknown.processedError}`);
  }
  return [...new Set(annotated.flatMap((message) => (message.processed && message.eventId ? [message.eventId] : [])))];
}

/**
 * Deletes the records of `eventIds` in every store (each deletion audited). Refuses, before any
 * message is sent, when a store could not delete: the requeued copy would be skipped as a duplicate.
 */
export async function clearRecordsBeforeRequeue(actor: Actor, eventIds: string[]): Promise<number> {
  const result = await clearRecordsForEvents(actor, { eventIds, reason: "requeue" });
  const cleared = result.cleared.length;
  const failures = result.failed.map((failure) => `${failure.store}: ${failure.error}`);
  if (failures.length > 0) {
    throw new DomainError("store-unavailable", `could not clear every idempotency record, so nothing was requeued: ${failures.join("; ")}`, {
      cleared,
    });
  }
  return cleared;
}
