import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { compileRules, type CompiledRules } from "./apply-masking";
import { maskRecord, maskRecordMeta, type MaskableRecord, type RecordMetaFields } from "./mask-record";
import { listMaskingRules } from "./masking-rules";

export interface RecordMasker {
  /** A record of the records API: value, processedAt and consumer. */
  record<T extends MaskableRecord>(record: T): T & { masked?: true };
  /** What a lookup by event id shows (a processed badge, a trace hit): processedAt and consumer. */
  meta<T extends RecordMetaFields>(item: T): T & { masked?: true };
}

const unchanged: RecordMasker = { record: (record) => record, meta: (item) => item };

/**
 * Masks idempotency records for `actor` (rules read once): every JSON-path rule, of any topic, applies
 * (lib/masking/mask-record.ts says why). Users allowed to see clear values get records unchanged.
 */
export async function recordMasker(actor: Pick<Actor, "canSeeClearValues">): Promise<RecordMasker> {
  if (actor.canSeeClearValues) return unchanged;
  const rules: CompiledRules = compileRules((await listMaskingRules()).filter((rule) => rule.kind === "json-path"));
  if (rules.paths.length === 0) return unchanged;
  return { record: (record) => maskRecord(record, rules), meta: (item) => maskRecordMeta(item, rules) };
}
