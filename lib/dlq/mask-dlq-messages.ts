import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { maskMessages } from "@/lib/masking/mask-messages";
import { originalSubjectOf } from "./dlq-kinds";
import type { DlqMessage } from "./dlq-messages";
import { errorSignature } from "./error-signature";
import { parseDlqEnvelope } from "./parse-envelope";

/**
 * Rules of the DLQ itself and of the topics its messages came from both apply. What the DLQ view
 * reads from headers (the error text, class and the group it is summarised by; the original topic,
 * subject, partition and offset; the attempts) is read again from the masked headers when a header
 * rule masked the one it came from, so the columns show "***" (or nothing, for numbers) too.
 * `payload` (what a requeue sends, and where: `payload.origin`) stays clear; it never leaves the server.
 */
export async function maskDlqMessages(messages: DlqMessage[], dlqTopic: string, actor: Pick<Actor, "canSeeClearValues">): Promise<DlqMessage[]> {
  const topics = [dlqTopic, ...new Set(messages.map((message) => message.payload.origin.topic).filter((t): t is string => t !== null))];
  const masked = await maskMessages(messages, { topic: topics, actor });
  return masked.map((message, index) => (message.headers === messages[index]!.headers ? message : withMaskedEnvelope(message, messages[index]!, dlqTopic)));
}

function withMaskedEnvelope(masked: DlqMessage, clear: DlqMessage, dlqTopic: string): DlqMessage {
  const before = parseDlqEnvelope(dlqTopic, clear.headers);
  const after = parseDlqEnvelope(dlqTopic, masked.headers);
  // Only what came from the headers (an advisory's error and origin come from the advisory).
  const changed = <T>(shown: T, fromHeaders: T, fromMasked: T) => shown === fromHeaders && fromMasked !== fromHeaders;
  const result: DlqMessage = { ...masked };
  if (changed(clear.error, before.error, after.error)) result.error = after.error;
  if (changed(clear.errorClass ?? null, before.errorClass, after.errorClass)) {
    if (after.errorClass) result.errorClass = after.errorClass;
    else delete result.errorClass;
  }
  if (result.error !== clear.error || result.errorClass !== clear.errorClass) result.errorGroup = errorSignature(result.error, masked.headers);
  if (changed(clear.originalTopic, before.originalTopic, after.originalTopic)) result.originalTopic = after.originalTopic;
  if (changed(clear.originalPartition ?? null, before.originalPartition, after.originalPartition)) setNumber(result, "originalPartition", after.originalPartition);
  if (changed(clear.originalOffset ?? null, before.originalOffset, after.originalOffset)) setNumber(result, "originalOffset", after.originalOffset);
  if (changed(clear.attempts, before.attempts, after.attempts)) result.attempts = after.attempts;
  const declared = clear.headers["x-original-subject"];
  if (declared && clear.originalSubject === declared) {
    const subject = originalSubjectOf(undefined, masked.headers);
    if (subject !== declared) {
      if (subject) result.originalSubject = subject;
      else delete result.originalSubject;
    }
  }
  return result;
}

function setNumber(message: DlqMessage, field: "originalPartition" | "originalOffset", value: number | null): void {
  if (value === null) delete message[field];
  else message[field] = value;
}

/**
 * scanDlq's `mask` for a filter on what masking may change (filter.q; filter.error and
 * filter.originalTopic, read from headers) by someone without the clear-values permission: the
 * filter is matched against what they would see, so a count (a dry run) or a selection cannot reveal
 * a masked value, and a masked error group ("***") selects its messages. Undefined when nothing
 * needs masking: the permission, or no such filter.
 * Masking only changes what is matched: a requeue still sends the original message (`payload`) to
 * its clear origin (`payload.origin`).
 */
export function maskForSearch(
  dlqTopic: string,
  actor: Pick<Actor, "canSeeClearValues">,
  filter: { q?: string; error?: string; originalTopic?: string } | undefined,
): ((messages: DlqMessage[]) => Promise<DlqMessage[]>) | undefined {
  if (actor.canSeeClearValues || (!filter?.q && filter?.error === undefined && filter?.originalTopic === undefined)) return undefined;
  return (messages) => maskDlqMessages(messages, dlqTopic, actor);
}
