import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { setReadOnly as storeReadOnly } from "@/lib/auth/read-only";
import { listClusters } from "@/lib/clusters/registry";
import * as contract from "@/lib/contract/access";
import { invalidInput } from "@/lib/errors";
import { defineVerb } from "@/lib/verbs/verb";

/** PUT /api/v1/settings/read-only (admin): console-wide and per-cluster switches. */
export const setReadOnly = defineVerb({
  operation: contract.setReadOnly,
  audits: ["settings.read-only"],
  async run({ actor, body: change }) {
    // Switching on a cluster that does not exist would look like protection and protect nothing (a typo,
    // a deleted cluster); switching one off is allowed whatever the id, so a stale switch can be cleared.
    const known = new Set((await listClusters()).map((entry) => entry.config.id));
    for (const [id, on] of Object.entries(change.clusters ?? {})) {
      if (on && !known.has(id)) throw invalidInput(`clusters.${id}`, `no cluster "${id}" is configured`);
    }
    const state = await storeReadOnly(change);
    await recordAudit({ actor, action: "settings.read-only", target: "settings:read-only", params: change, result: { ...state } });
    return state;
  },
});
