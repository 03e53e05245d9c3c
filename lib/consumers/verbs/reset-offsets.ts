import "server-only";
import * as contract from "@/lib/contract/consumers";
import { resetConsumerOffsets } from "@/lib/consumers/reset-offsets";
import { defineVerb } from "@/lib/verbs/verb";

/** POST .../consumers/{group}/reset (operator): a preview, or the offsets moved and audited (docs/consumer-reset.md). */
export const resetOffsets = defineVerb({
  operation: contract.resetOffsets,
  params: ["cluster", "group"],
  audits: ["consumer.reset"],
  run: ({ actor, params, body }) => resetConsumerOffsets(actor, params.cluster, params.group, body),
});
