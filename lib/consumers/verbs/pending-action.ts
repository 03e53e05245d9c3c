import "server-only";
import type { z } from "zod";
import * as contract from "@/lib/contract/consumers";
import { ackBodySchema, claimBodySchema, requestPendingAction, type AckBody, type ClaimBody } from "@/lib/consumers/pending-actions";
import { defineVerb } from "@/lib/verbs/verb";

// POST .../consumers/{group}/pending/claim and .../pending/ack (operator): one verb, the action its
// parameter. A dry run counts (claim: and whether the consumer exists); otherwise an audited job
// (lib/consumers/pending-actions.ts) claims or acknowledges the selected entries.
const ACTIONS = {
  claim: { operation: contract.claimPendingEntries, body: claimBodySchema },
  ack: { operation: contract.ackPendingEntries, body: ackBodySchema },
};

function pendingActionVerb(action: keyof typeof ACTIONS) {
  const { operation, body } = ACTIONS[action];
  return defineVerb({
    operation,
    params: ["cluster", "group"],
    body: body as z.ZodType<ClaimBody | AckBody>,
    audits: [`consumer.${action}`],
    run: ({ actor, params, body: parsed }) => requestPendingAction(actor, params.cluster, params.group, parsed),
  });
}

export const claimPendingEntries = pendingActionVerb("claim");
export const ackPendingEntries = pendingActionVerb("ack");
