import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listPendingEntries, pendingQuerySchema } from "@/lib/consumers/pending-entries";

export const dynamic = "force-dynamic";

// A group's pending entries (Redis Streams' PEL), oldest first: {entries: [{id, consumer, idleMs, deliveries}], total, next?}.
export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }) =>
  listPendingEntries(cluster, group, parseQuery(request, pendingQuerySchema)),
);
