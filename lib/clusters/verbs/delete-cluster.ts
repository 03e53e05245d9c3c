import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/clusters";
import { deleteCluster as removeCluster } from "@/lib/clusters/manage-clusters";
import { defineVerb } from "@/lib/verbs/verb";

/** DELETE /api/v1/clusters/{cluster} (admin): only clusters added in the UI. */
export const deleteCluster = defineVerb({
  params: ["cluster"],
  operation: contract.deleteCluster,
  audits: ["cluster.delete"],
  async run({ actor, params: { cluster } }) {
    await removeCluster(cluster);
    await recordAudit({ actor, action: "cluster.delete", target: `cluster:${cluster}` });
  },
});
