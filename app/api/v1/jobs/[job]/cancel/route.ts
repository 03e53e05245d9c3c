import { apiRoute } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { requestCancel } from "@/lib/jobs/job-store";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ job: string }>(
  async (_request, { job }, actor) => {
    const view = await requestCancel(job);
    await recordAudit({ actor, action: "job.cancel", target: `job:${job}`, result: { state: view.state } });
    return jobViewFor(actor, view);
  },
  { access: "operator" },
);
