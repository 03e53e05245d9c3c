import "server-only";
import * as contract from "@/lib/contract/dlq";
import { discardMessages } from "@/lib/dlq/discard-messages";
import { defineVerb } from "@/lib/verbs/verb";

/** POST .../dlq/{topic}/discard (operator): marks messages resolved without sending them, audited; a dry run counts. */
export const discard = defineVerb({
  operation: contract.discard,
  params: ["cluster", "topic"],
  audits: ["dlq.discard"],
  run: ({ actor, params, body }) => discardMessages(actor, params.cluster, params.topic, body),
});
