import { apiRoute, parseQuery } from "@/lib/api/handler";
import { resolveDlq } from "@/lib/dlq/dlq-context";
import { scanDlq } from "@/lib/dlq/dlq-messages";
import { maskDlqMessages } from "@/lib/dlq/mask-dlq-messages";
import { decodeDlqCursor, dlqMessagesQuerySchema, encodeDlqCursor } from "@/lib/dlq/dlq-query";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const query = parseQuery(request, dlqMessagesQuerySchema);
  const context = await resolveDlq(cluster, topic);
  const { q, error, originalTopic, since, until } = query;
  const page = await scanDlq(context, {
    cursor: decodeDlqCursor(query.cursor),
    limit: query.limit,
    status: query.status,
    filter: { q, error, originalTopic, since, until },
    mask: (messages) => maskDlqMessages(messages, topic, actor),
  });
  // The payload is what a requeue sends; the browser sees the decoded message instead.
  const shown = page.messages.map(({ payload: _payload, requeueId: _requeueId, ...message }) => message);
  // eventId and processed per message, by the original topic's id rule: a record that says the event
  // was processed means a requeued copy would be skipped (hence "requeue and clear the record").
  const messages = await annotateProcessed((message) => message.originalTopic ?? topic, shown);
  return { messages, scanned: page.scanned, ...(page.next ? { next: encodeDlqCursor(page.next) } : {}) };
});
