import { apiRoute } from "@/lib/api/handler";
import { resolveDlq } from "@/lib/dlq/dlq-context";
import { scanDlq } from "@/lib/dlq/dlq-messages";
import { maskDlqMessages } from "@/lib/dlq/mask-dlq-messages";
import { groupByError } from "@/lib/dlq/parse-envelope";

export const dynamic = "force-dynamic";

const SUMMARY_BUDGET = 200_000;

/** Pending messages grouped by error: what failed, how often, since when. */
export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }, actor) => {
  const context = await resolveDlq(cluster, topic);
  const page = await scanDlq(context, {
    limit: SUMMARY_BUDGET,
    status: "pending",
    budget: SUMMARY_BUDGET,
    // Error texts come from headers, which header rules may mask. The summary shows no payloads, so
    // only headers are masked (values left out: no JSON parsed for 200,000 messages).
    mask: (messages) => maskDlqMessages(messages.map((message) => ({ ...message, value: null })), topic, actor),
  });
  return { groups: groupByError(page.messages), pending: page.matched, scanned: page.scanned, truncated: page.next !== undefined };
});
