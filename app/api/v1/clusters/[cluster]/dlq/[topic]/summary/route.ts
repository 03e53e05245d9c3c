import { apiRoute } from "@/lib/api/handler";
import { presentDlqSummary } from "@/lib/presenters/dlq.server";

export const dynamic = "force-dynamic";

/** Pending messages grouped by error: what failed, how often, since when. */
export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }, actor) => presentDlqSummary(cluster, topic, actor));
