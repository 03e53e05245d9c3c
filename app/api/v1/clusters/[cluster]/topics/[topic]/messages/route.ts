import { invalidInput } from "@/lib/api/errors";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { messagesQueryFor } from "@/lib/api/query-schemas";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { maskMessages } from "@/lib/masking/mask-messages";
import { decodeMessage } from "@/lib/messages/decode-message";
import { annotateTrace } from "@/lib/trace-links/annotate-trace";
import { searchSlots, searchesBusyResponse } from "@/lib/search/search-admission";
import { isSearchAborted, searchMessages } from "@/lib/search/search-messages";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) => {
  const { config } = await getCluster(cluster);
  const query = parseQuery(request, messagesQueryFor(config.kind));
  if (query.q) {
    // Server-side search: scans forward until `limit` matches or the scan budget is spent
    // (lib/search/search-messages.ts). Candidates are masked before they are matched.
    // A bounded number run at once per process (search-slots.ts): beyond it, 429 with Retry-After.
    const slots = searchSlots();
    const release = slots.tryTake();
    if (!release) return searchesBusyResponse(slots.max);
    try {
      const { q, limit, scanLimit, partition, from, fromId, since, cursor } = query;
      // request.signal: a client that disconnects stops the scan at its next broker read.
      const result = await withConnector(cluster, (connector) =>
        searchMessages(connector, topic, { q, limit, scanLimit, partition, from, fromId, since, cursor, signal: request.signal }, actor),
      );
      return { ...result, messages: annotateTrace(await annotateProcessed(topic, result.messages, actor)) };
    } catch (error) {
      // Nobody is listening for an answer; 499 ("client closed request") keeps it out of the 500s.
      if (isSearchAborted(error)) return new Response(null, { status: 499 });
      throw error;
    } finally {
      release();
    }
  }
  if (query.cursor !== undefined) throw invalidInput("cursor", "continues a search: give q as well");
  const page = await withConnector(cluster, (connector) => connector.readMessages(topic, query));
  const decoded = await maskMessages(page.messages.map(decodeMessage), { topic, actor });
  // eventId and processed per message: one batched lookup per idempotency store for the page.
  const messages = await annotateProcessed(topic, decoded, actor);
  // traceId / traceUrl from the masked headers: a masked traceparent shows no trace id.
  return { messages: annotateTrace(messages), ...(page.next ? { next: page.next } : {}) };
});
