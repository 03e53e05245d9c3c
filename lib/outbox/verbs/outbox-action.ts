import "server-only";
import * as contract from "@/lib/contract/outbox";
import { requestOutboxAction } from "@/lib/outbox/outbox-actions";
import type { OutboxAction } from "@/lib/outbox/queries";
import { defineVerb } from "@/lib/verbs/verb";

// POST /api/v1/outbox/{source}/retry and .../mark-failed (operator): one verb, the action its parameter.
// A dry run counts; otherwise an audited job (lib/outbox/outbox-actions.ts).
const outboxActionVerb = (action: OutboxAction, operation: typeof contract.retryOutboxRows | typeof contract.failOutboxRows) =>
  defineVerb({
    operation,
    params: ["source"],
    audits: [`outbox.${action}`],
    run: ({ actor, params, body }) => requestOutboxAction(actor, params.source, action, body),
  });

export const retryOutboxRows = outboxActionVerb("retry", contract.retryOutboxRows);
export const failOutboxRows = outboxActionVerb("mark-failed", contract.failOutboxRows);
