import "server-only";
import * as contract from "@/lib/contract/consumers";
import { requestPendingAction } from "@/lib/consumers/pending-actions";
import { defineVerb } from "@/lib/verbs/verb";

// POST .../consumers/{group}/pending/claim and .../pending/ack (operator): one verb, the action its
// parameter. A dry run counts (claim: and whether the consumer exists); otherwise an audited job
// (lib/consumers/pending-actions.ts) claims or acknowledges the selected entries.
const OPERATIONS = { claim: contract.claimPendingEntries, ack: contract.ackPendingEntries };

function pendingActionVerb(action: keyof typeof OPERATIONS) {
  return defineVerb({
    operation: OPERATIONS[action],
    params: ["cluster", "group"],
    audits: [`consumer.${action}`],
    run: ({ actor, params, body }) => requestPendingAction(actor, params.cluster, params.group, body),
  });
}

export const claimPendingEntries = pendingActionVerb("claim");
export const ackPendingEntries = pendingActionVerb("ack");
