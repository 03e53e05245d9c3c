import { apiRoute } from "@/lib/api/handler";
import { resolveDlq } from "@/lib/dlq/dlq-context";
import { scanDlq } from "@/lib/dlq/dlq-messages";
import { groupByError } from "@/lib/dlq/parse-envelope";

export const dynamic = "force-dynamic";

const SUMMARY_BUDGET = 200_000;

/** Pending messages grouped by error: what failed, how often, since when. */
export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) => {
  const context = await resolveDlq(cluster, topic);
  const page = await scanDlq(context, { limit: SUMMARY_BUDGET, status: "pending", budget: SUMMARY_BUDGET });
  return { groups: groupByError(page.messages), pending: page.matched, scanned: page.scanned, truncated: page.next !== undefined };
});
