import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/jobs";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { requestCancel } from "@/lib/jobs/job-store";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/jobs/{job}/cancel (operator): the runner stops the job at its next batch. */
export const cancelJob = defineVerb({
  operation: contract.cancelJob,
  params: ["job"],
  audits: ["job.cancel"],
  async run({ actor, params: { job } }) {
    const view = await requestCancel(job);
    await recordAudit({ actor, action: "job.cancel", target: `job:${job}`, result: { state: view.state } });
    return jobViewFor(actor, view);
  },
});
