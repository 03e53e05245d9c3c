import { apiRoute, parseQuery } from "@/lib/api/handler";
import { messagesQuerySchema } from "@/lib/api/query-schemas";
import { withConnector } from "@/lib/clusters/registry";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { maskMessages } from "@/lib/masking/mask-messages";
import { decodeMessage, messageMatches } from "@/lib/messages/decode-message";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const query = parseQuery(request, messagesQuerySchema);
  const page = await withConnector(cluster, (connector) => connector.readMessages(topic, query));
  // Masked before the text filter, so a search cannot find messages by a value it may not see.
  const decoded = await maskMessages(page.messages.map(decodeMessage), { topic, actor });
  // q filters the page that was read; a full server-side scan is the search feature's job.
  const filtered = query.q ? decoded.filter((message) => messageMatches(message, query.q!)) : decoded;
  // eventId and processed per message: one batched lookup per idempotency store for the page.
  const messages = await annotateProcessed(topic, filtered);
  return { messages, ...(page.next ? { next: page.next } : {}) };
});
