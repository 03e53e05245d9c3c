import { apiRoute, parseQuery } from "@/lib/api/handler";
import { resolveDlq } from "@/lib/dlq/dlq-context";
import { maskDlqMessages } from "@/lib/dlq/mask-dlq-messages";
import { readDlqPage } from "@/lib/dlq/dlq-page";
import { dlqMessagesQuerySchema } from "@/lib/dlq/dlq-query";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { annotateTrace } from "@/lib/trace-links/annotate-trace";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const query = parseQuery(request, dlqMessagesQuerySchema);
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
});
