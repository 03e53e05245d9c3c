import "server-only";
import * as contract from "@/lib/contract/idempotency";
import { deleteIdempotencyRecord } from "@/lib/idempotency/delete-record";
import { defineVerb } from "@/lib/verbs/verb";

/** DELETE /api/v1/idempotency/{store}/records/{key} (operator): so the event can be processed again; audited. */
export const deleteRecord = defineVerb({
  operation: contract.deleteRecord,
  params: ["store", "key"],
  audits: ["idempotency.delete"],
  run: ({ actor, params }) => deleteIdempotencyRecord(actor, params),
});
