import { invalidInput } from "@/lib/api/errors";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { messagesQuerySchema } from "@/lib/api/query-schemas";
import { withConnector } from "@/lib/clusters/registry";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { maskMessages } from "@/lib/masking/mask-messages";
import { decodeMessage } from "@/lib/messages/decode-message";
import { searchMessages } from "@/lib/search/search-messages";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const query = parseQuery(request, messagesQuerySchema);
  if (query.q) {
    // Server-side search: scans forward until `limit` matches or the scan budget is spent
    // (lib/search/search-messages.ts). Candidates are masked before they are matched.
    const { q, limit, scanLimit, partition, from, since, cursor } = query;
    const result = await withConnector(cluster, (connector) =>
      searchMessages(connector, topic, { q, limit, scanLimit, partition, from, since, cursor }, actor),
    );
    return { ...result, messages: await annotateProcessed(topic, result.messages) };
  }
  if (query.cursor !== undefined) throw invalidInput("cursor", "continues a search: give q as well");
  const page = await withConnector(cluster, (connector) => connector.readMessages(topic, query));
  const decoded = await maskMessages(page.messages.map(decodeMessage), { topic, actor });
  // eventId and processed per message: one batched lookup per idempotency store for the page.
  const messages = await annotateProcessed(topic, decoded);
  return { messages, ...(page.next ? { next: page.next } : {}) };
});
