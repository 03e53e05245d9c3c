import "server-only";
import { z } from "zod";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { hasRole, type Actor } from "@/lib/auth/roles";
import { recordKeySchema, storeIdSchema } from "./query-schemas";
import { getStore } from "./registry";

const deleteRecordInput = z.object({ store: storeIdSchema, key: recordKeySchema });

/**
 * Deletes one idempotency record so its event can be processed again. Operator; audited as
 * "idempotency.delete" on target "idempotency:<store>/<key>". 404 when there is no such record.
 */
export async function deleteIdempotencyRecord(actor: Actor, input: { store: string; key: string }): Promise<void> {
  // authorize
  if (!hasRole(actor.role, "operator")) throw new DomainError("forbidden", "Deleting an idempotency record needs the operator role.");
  // parse
  const { store: storeId, key } = deleteRecordInput.parse(input);
  const store = getStore(storeId);
  // execute: note what the record said first, for the audit trail (not its value).
  const before = await store.getRecord(key).catch(() => null);
  const deleted = await store.deleteRecord(key);
  if (!deleted) throw notFound(`record "${key}" in idempotency store "${storeId}"`);
  // audit
  await recordAudit({
    actor,
    action: "idempotency.delete",
    target: `idempotency:${storeId}/${key}`,
    params: { store: storeId, key },
    result: {
      deleted: true,
      ...(before?.eventId ? { eventId: before.eventId } : {}),
      ...(before?.processedAt ? { processedAt: before.processedAt } : {}),
      ...(before?.consumer ? { consumer: before.consumer } : {}),
      ...(before ? { ttlSeconds: before.ttlSeconds } : {}),
    },
  });
}
