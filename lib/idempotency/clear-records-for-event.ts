import "server-only";
import { z } from "zod";
import { DomainError, isDomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { hasRole, type Actor } from "@/lib/auth/roles";
import { storeIdSchema } from "./query-schemas";
import { listStores } from "./registry";

const clearInput = z.object({
  eventIds: z.array(z.string().min(1).max(1024)),
  /** Only these stores (all configured stores when absent). */
  stores: z.array(storeIdSchema).optional(),
  /** Why, for the audit trail: "requeue" when the DLQ's "requeue and clear the record" calls it. */
  reason: z.string().max(200).optional(),
});

export interface ClearedRecords {
  cleared: { store: string; key: string; eventId: string }[];
  failed: { store: string; error: string }[];
}

/**
 * Deletes the records that mark these event ids as processed, in every store (or the given ones),
 * so requeued messages are processed again instead of skipped as duplicates. Operator; each deleted
 * record is audited as "idempotency.delete". Stores that fail are reported, not thrown: the caller
 * (requeue) decides what a partial clear means. Stores are worked on side by side.
 */
export async function clearRecordsForEvents(
  actor: Actor,
  input: { eventIds: string[]; stores?: string[]; reason?: string },
): Promise<ClearedRecords> {
  // authorize
  if (!hasRole(actor.role, "operator")) throw new DomainError("forbidden", "Clearing idempotency records needs the operator role.");
  // parse
  const { eventIds, stores: only, reason } = clearInput.parse(input);
  const stores = listStores().filter((store) => !only || only.includes(store.id));
  // execute
  const result: ClearedRecords = { cleared: [], failed: [] };
  await Promise.all(
    stores.map(async (store) => {
      for (const eventId of eventIds) {
        const key = store.keyForEventId(eventId);
        if (key === null) continue;
        try {
          if (await store.deleteRecord(key)) result.cleared.push({ store: store.id, key, eventId });
        } catch (error) {
          result.failed.push({ store: store.id, error: isDomainError(error) || error instanceof Error ? error.message : String(error) });
        }
      }
    }),
  );
  // audit
  for (const { store, key, eventId } of result.cleared) {
    await recordAudit({
      actor,
      action: "idempotency.delete",
      target: `idempotency:${store}/${key}`,
      params: { store, key, eventId, ...(reason ? { reason } : {}) },
      result: { deleted: true },
    });
  }
  return result;
}
