import { apiRoute, parseQuery } from "@/lib/api/handler";
import { messagesQuerySchema } from "@/lib/api/query-schemas";
import { withConnector } from "@/lib/clusters/registry";
import { decodeMessage, messageMatches } from "@/lib/messages/decode-message";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }) => {
  const query = parseQuery(request, messagesQuerySchema);
  const page = await withConnector(cluster, (connector) => connector.readMessages(topic, query));
  const decoded = page.messages.map(decodeMessage);
  // q filters the page that was read; a full server-side scan is the search feature's job.
  const messages = query.q ? decoded.filter((message) => messageMatches(message, query.q!)) : decoded;
  return { messages, ...(page.next ? { next: page.next } : {}) };
});
