import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { ackBodySchema, requestPendingAction } from "@/lib/consumers/pending-actions";

export const dynamic = "force-dynamic";

// Acknowledges pending entries (by id, or every entry idle at least minIdleMs) for the group, as an
// audited job: 202 {job}; dryRun: {matched}.
export const POST = apiRoute<{ cluster: string; group: string }>(
  async (request, { cluster, group }, actor) => {
    const result = await requestPendingAction(actor, cluster, group, await parseJsonBody(request, ackBodySchema));
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
