// Masking for idempotency records, purely. A record belongs to a store, not to a topic, and its
// value is often the event itself: every JSON-path rule applies to it, whatever the rule's topic
// (masking too much is the safe side). Used by lib/masking/mask-records.ts.
import { CONSUMER_FIELDS, PROCESSED_AT_FIELDS, recordMetaFromValue, toIsoTime } from "@/lib/idempotency/format-value";
import { maskMessage, type CompiledRules } from "./apply-masking";
import { MASK, maskAtPath } from "./json-path";

/** What the console reads out of a record's value besides the value: when and by whom it was processed. */
export interface RecordMetaFields {
  processedAt?: string;
  consumer?: string;
}

export interface MaskableRecord extends RecordMetaFields {
  value: string | null;
  encoding: string;
  truncated: boolean;
}

/** Where processedAt / consumer may have been read from; each list in the order format-value.ts tries them. */
interface MetaSources {
  processedAt: readonly string[];
  consumer: readonly string[];
}

const ANY_SOURCE: MetaSources = { processedAt: PROCESSED_AT_FIELDS, consumer: CONSUMER_FIELDS };

/**
 * Which of `processedAt` / `consumer` the rules hide: they are read from fields of the value
 * (processedAt, ts, consumer, processedBy...; lib/idempotency/format-value.ts), so when a rule masks
 * the field one was read from (or, when that is not known, any field it may have come from), it must
 * not be shown either.
 */
export function hiddenMetaFields(rules: CompiledRules, sources: MetaSources = ANY_SOURCE): { processedAt: boolean; consumer: boolean } {
  const probe = Object.fromEntries([...sources.processedAt, ...sources.consumer].map((field) => [field, "probe"]));
  let root: Parameters<typeof maskAtPath>[0] = probe;
  for (const segments of rules.paths) root = maskAtPath(root, segments).value;
  const masked = (field: string) => root === MASK || (typeof root === "object" && root !== null && (root as Record<string, unknown>)[field] === MASK);
  return { processedAt: sources.processedAt.some(masked), consumer: sources.consumer.some(masked) };
}

/** Drops `processedAt` / `consumer` when a rule masks a field they may come from. */
export function maskRecordMeta<T extends RecordMetaFields>(item: T, rules: CompiledRules, sources: MetaSources = ANY_SOURCE): T & { masked?: true } {
  if (rules.paths.length === 0) return item;
  const hidden = hiddenMetaFields(rules, sources);
  const hide = (hidden.processedAt && item.processedAt !== undefined) || (hidden.consumer && item.consumer !== undefined);
  if (!hide) return item;
  const { processedAt, consumer, ...rest } = item;
  return {
    ...rest,
    ...(processedAt !== undefined && !hidden.processedAt ? { processedAt } : {}),
    ...(consumer !== undefined && !hidden.consumer ? { consumer } : {}),
    masked: true,
  } as T & { masked?: true };
}

/** The record's value masked by every JSON-path rule, and its processedAt / consumer as maskRecordMeta says. */
export function maskRecord<T extends MaskableRecord>(record: T, rules: CompiledRules): T & { masked?: true } {
  if (rules.paths.length === 0) return record;
  const value = maskMessage({ headers: {}, value: record.value, encoding: record.encoding, truncated: record.truncated }, rules);
  const withValue = value.masked ? { ...record, value: value.value, encoding: value.encoding, masked: true as const } : record;
  return maskRecordMeta(withValue, rules, metaSources(record));
}

/**
 * The fields processedAt / consumer were read from, when the value is whole JSON that yields them
 * (the same first-match order as recordMetaFromValue); otherwise every field they may come from.
 */
function metaSources(record: MaskableRecord): MetaSources {
  if (record.value === null || record.encoding !== "json" || record.truncated) return ANY_SOURCE;
  let document: unknown;
  try {
    document = JSON.parse(record.value);
  } catch {
    return ANY_SOURCE;
  }
  if (!document || typeof document !== "object" || Array.isArray(document)) return ANY_SOURCE;
  const fields = document as Record<string, unknown>;
  const meta = recordMetaFromValue(record.value, "json");
  const source = (candidates: readonly string[], yields: (value: unknown) => boolean, found: string | undefined, shown: string | undefined) => {
    // Shown but not read from this value (a PostgreSQL column): any field it may stand for.
    if (shown !== undefined && found !== shown) return candidates;
    const field = candidates.find((name) => yields(fields[name]));
    return field ? [field] : [];
  };
  return {
    processedAt: source(PROCESSED_AT_FIELDS, (value) => toIsoTime(value) !== null, meta.processedAt, record.processedAt),
    consumer: source(CONSUMER_FIELDS, (value) => typeof value === "string" && value !== "", meta.consumer, record.consumer),
  };
}
