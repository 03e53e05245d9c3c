import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { requestOutboxAction } from "@/lib/outbox/outbox-actions";
import { actionBodySchema } from "@/lib/outbox/query-schemas";

export const dynamic = "force-dynamic";

// Retry now: next_retry_at = now (a failed row back to pending) on {ids} or every stuck row,
// as an audited job: 202 {job}; dryRun: {matched}. Only when the source's config allows actions.
export const POST = apiRoute<{ source: string }>(
  async (request, { source }, actor) => {
    const result = await requestOutboxAction(actor, source, "retry", await parseJsonBody(request, actionBodySchema));
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
