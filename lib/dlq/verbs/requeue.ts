import "server-only";
import * as contract from "@/lib/contract/dlq";
import { requeueMessages } from "@/lib/dlq/requeue-messages";
import { defineVerb } from "@/lib/verbs/verb";

/** POST .../dlq/{topic}/requeue (operator): a dry run's count, or an audited requeue job (lib/dlq/requeue-messages.ts). */
export const requeue = defineVerb({
  operation: contract.requeue,
  params: ["cluster", "topic"],
  // Clearing idempotency records first audits each deletion (lib/dlq/requeue-clear-records.ts).
  audits: ["dlq.requeue", "idempotency.delete"],
  run: ({ actor, params, body }) => requeueMessages(actor, params.cluster, params.topic, body),
});
