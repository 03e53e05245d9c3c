import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/clusters";
import { updateCluster as replaceCluster } from "@/lib/clusters/manage-clusters";
import { configFromInput } from "@/lib/clusters/stored-clusters";
import { defineVerb } from "@/lib/verbs/verb";

/** PUT /api/v1/clusters/{cluster} (admin). Secrets sent as "" keep the stored ones (the edit form never receives them). */
export const updateCluster = defineVerb({
  params: ["cluster"],
  operation: contract.updateCluster,
  audits: ["cluster.update"],
  async run({ actor, params: { cluster }, body }) {
    const config = await configFromInput(body, cluster);
    const updated = await replaceCluster(cluster, config);
    await recordAudit({ actor, action: "cluster.update", target: `cluster:${cluster}`, params: { name: config.name, kind: config.kind } });
    return { cluster: updated };
  },
});
