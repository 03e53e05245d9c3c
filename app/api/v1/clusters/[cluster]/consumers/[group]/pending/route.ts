import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listPendingEntries } from "@/lib/consumers/pending-entries";
import { listPendingQueryChecked } from "@/lib/contract/consumers";
import type { ResponseOf } from "@/lib/contract/operation";
import type { listPendingEntries as listPendingEntriesOperation } from "@/lib/contract/consumers";

export const dynamic = "force-dynamic";

// A group's pending entries (Redis Streams' PEL), oldest first: {entries: [{id, consumer, idleMs, deliveries}], total, next?}.
export const GET = apiRoute<{ cluster: string; group: string }>(async (request, { cluster, group }): Promise<ResponseOf<typeof listPendingEntriesOperation>> =>
  listPendingEntries(cluster, group, parseQuery(request, listPendingQueryChecked)),
);
