import "server-only";
import { invalidInput } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/roles";
import { withConnector } from "@/lib/clusters/registry";
import type { ResponseOf } from "@/lib/contract/operation";
import type { ReadMessagesQuery, readMessages } from "@/lib/contract/topics";
import { annotateProcessed } from "@/lib/idempotency/annotate-processed";
import { maskMessages } from "@/lib/masking/mask-messages";
import { decodeMessage } from "@/lib/messages/decode-message";
import { searchSlots, searchesBusyResponse } from "@/lib/search/search-admission";
import { isSearchAborted, searchMessages } from "@/lib/search/search-messages";
import { annotateTrace } from "@/lib/trace-links/annotate-trace";

// A topic's messages: a page read, or with q a server-side search. Both are masked for the reader,
// then annotated with the idempotency record of their event (one batched lookup per store) and the
// trace link of their (masked) headers: a masked traceparent shows no trace id.

type MessagesAnswer = ResponseOf<typeof readMessages>;

export interface MessagesRequest {
  cluster: string;
  topic: string;
  query: ReadMessagesQuery;
  actor: Actor;
  /** The request's signal: a client that disconnects stops a search at its next broker read. */
  signal: AbortSignal;
}

/** The answer, or a ready response: 429 (too many searches at once) or 499 (the searcher went away). */
export async function presentMessages(request: MessagesRequest): Promise<MessagesAnswer | Response> {
  if (request.query.q) return searchTopic(request, request.query.q);
  const { cluster, topic, query, actor } = request;
  if (query.cursor !== undefined) throw invalidInput("cursor", "continues a search: give q as well");
  const page = await withConnector(cluster, (connector) => connector.readMessages(topic, query));
  const decoded = await maskMessages(page.messages.map(decodeMessage), { topic, actor });
  const messages = await annotateProcessed(topic, decoded, actor);
  return { messages: annotateTrace(messages), ...(page.next ? { next: page.next } : {}) };
}

/**
 * Scans forward until `limit` matches or the scan budget is spent (lib/search/search-messages.ts);
 * candidates are masked before they are matched. A bounded number run at once per process
 * (search-slots.ts): beyond it, 429 with Retry-After.
 */
async function searchTopic({ cluster, topic, query, actor, signal }: MessagesRequest, q: string): Promise<MessagesAnswer | Response> {
  const slots = searchSlots();
  const release = slots.tryTake();
  if (!release) return searchesBusyResponse(slots.max);
  try {
    const { limit, scanLimit, partition, from, fromId, since, cursor } = query;
    const result = await withConnector(cluster, (connector) =>
      searchMessages(connector, topic, { q, limit, scanLimit, partition, from, fromId, since, cursor, signal }, actor),
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
