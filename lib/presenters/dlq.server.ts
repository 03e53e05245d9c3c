import "server-only";
import type { Actor } from "@/lib/auth/roles";
import type { ListDlqMessagesQuery, getDlqSummary, listDlqMessages } from "@/lib/contract/dlq";
import type { ResponseOf } from "@/lib/contract/operation";
import { resolveDlq } from "@/lib/dlq/dlq-context";
import { scanDlq } from "@/lib/dlq/dlq-messages";
import { readDlqPage } from "@/lib/dlq/dlq-page";
import { maskDlqMessages } from "@/lib/dlq/mask-dlq-messages";
import { groupByError } from "@/lib/dlq/parse-envelope";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { annotateTrace } from "@/lib/trace-links/annotate-trace";

// The DLQ reads: a page of dead-lettered messages, and the pending ones grouped by error. Both are
// masked for the reader before anything is shown or grouped.

const SUMMARY_BUDGET = 200_000;

/** A page, each message with its event's idempotency record and trace link. */
export async function presentDlqMessages(cluster: string, topic: string, query: ListDlqMessagesQuery, actor: Actor): Promise<ResponseOf<typeof listDlqMessages>> {
  const context = await resolveDlq(cluster, topic);
  const { q, error, originalTopic, since, until } = query;
  const page = await readDlqPage(context, query, { q, error, originalTopic, since, until }, (messages) => maskDlqMessages(messages, topic, actor));
  // The payload is what a requeue sends; the browser sees the decoded message instead.
  const shown = page.messages.map(({ payload: _payload, requeueId: _requeueId, ...message }) => message);
  // eventId and processed per message, by the original topic's id rule (its clear name: the shown one
  // may be masked): a record that says the event was processed means a requeued copy would be skipped
  // (hence "requeue and clear the record").
  const origins = new Map(page.messages.map((message) => [message.id, message.payload.origin.topic]));
  const messages = await annotateProcessed((message) => origins.get(message.id) ?? topic, shown, actor);
  // traceId / traceUrl from the shown (masked) headers.
  return { messages: annotateTrace(messages), scanned: page.scanned, ...(page.next ? { next: page.next } : {}), ...(page.sorted ? { sorted: page.sorted } : {}) };
}

/** Pending messages grouped by error: what failed, how often, since when (at most SUMMARY_BUDGET read). */
export async function presentDlqSummary(cluster: string, topic: string, actor: Actor): Promise<ResponseOf<typeof getDlqSummary>> {
  const context = await resolveDlq(cluster, topic);
  const page = await scanDlq(context, {
    limit: SUMMARY_BUDGET,
    status: "pending",
    budget: SUMMARY_BUDGET,
    // Error texts come from headers, which header rules may mask. The summary shows no payloads, so
    // only headers are masked (values left out: no JSON parsed for 200,000 messages).
    mask: (messages) => maskDlqMessages(messages.map((message) => ({ ...message, value: null })), topic, actor),
  });
  return { groups: groupByError(page.messages), pending: page.matched, scanned: page.scanned, truncated: page.next !== undefined };
}
