import { apiRoute } from "@/lib/api/handler";
import { listOutboxSources } from "@/lib/outbox/registry";
import type { OutboxSourceSummary } from "@/lib/outbox/types";

export const dynamic = "force-dynamic";

/** Every configured outbox table with its backlog and status; one that is down says why. */
export const GET = apiRoute(async (): Promise<{ sources: OutboxSourceSummary[] }> => ({
  sources: await Promise.all(listOutboxSources().map((source) => source.summary())),
}));
