import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { claimBodySchema, requestPendingAction } from "@/lib/consumers/pending-actions";

export const dynamic = "force-dynamic";

// Gives pending entries (by id, or every entry idle at least minIdleMs) to a consumer, as an audited
// job: 202 {job}; dryRun: {matched, consumerExists}.
export const POST = apiRoute<{ cluster: string; group: string }>(
  async (request, { cluster, group }, actor) => {
    const result = await requestPendingAction(actor, cluster, group, await parseJsonBody(request, claimBodySchema));
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
