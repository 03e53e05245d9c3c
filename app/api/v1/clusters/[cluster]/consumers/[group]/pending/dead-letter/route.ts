import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { deadLetterBodySchema, requestDeadLetter } from "@/lib/consumers/pending-entries";

export const dynamic = "force-dynamic";

// Moves a group's pending entries delivered at least minDeliveries times (and idle minIdleMs) to the
// dead-letter stream, as an audited job: 202 {job}; dryRun: {matched, destination}.
export const POST = apiRoute<{ cluster: string; group: string }>(
  async (request, { cluster, group }, actor) => {
    const result = await requestDeadLetter(actor, cluster, group, await parseJsonBody(request, deadLetterBodySchema));
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
