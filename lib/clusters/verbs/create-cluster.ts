import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/clusters";
import { createCluster as storeCluster } from "@/lib/clusters/manage-clusters";
import { configFromInput } from "@/lib/clusters/stored-clusters";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/clusters (admin): a cluster stored in the database, its secrets sealed. */
export const createCluster = defineVerb({
  operation: contract.createCluster,
  audits: ["cluster.create"],
  async run({ actor, body }) {
    const config = await configFromInput(body);
    const cluster = await storeCluster(config);
    await recordAudit({ actor, action: "cluster.create", target: `cluster:${config.id}`, params: { name: config.name, kind: config.kind } });
    return { cluster };
  },
});
