import "server-only";
import * as contract from "@/lib/contract/consumers";
import { requestDeadLetter } from "@/lib/consumers/pending-entries";
import { defineVerb } from "@/lib/verbs/verb";

/** POST .../consumers/{group}/pending/dead-letter (operator): a dry run's count, or an audited job moving the entries. */
export const deadLetterPending = defineVerb({
  operation: contract.deadLetterPending,
  params: ["cluster", "group"],
  audits: ["consumer.dead-letter"],
  run: ({ actor, params, body }) => requestDeadLetter(actor, params.cluster, params.group, body),
});
