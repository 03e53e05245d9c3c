import "server-only";
import { isDomainError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { configErrorMessage } from "@/lib/config/load-config";
import { recordMasker } from "@/lib/masking/mask-records";
import { extractEventId, rulesForTopic, type IdSource } from "./event-id";
import { eventIdRules, listStores } from "./registry";
import type { ProcessedMark } from "./types";
import type { Message } from "@/lib/contract/common";

/** A page of messages waits at most this long for the stores; a slow store does not hold it up. */
export const ANNOTATE_BUDGET_MS = 3_000;

/**
 * The contract's Message fields this adds (described there): eventId (or null) and processed (the
 * first store's record in config order, or null) always, eventIdFrom and processedError when known.
 */
export type ProcessedFields = Required<Pick<Message, "eventId" | "processed">> & Pick<Message, "eventIdFrom" | "processedError">;

/**
 * Adds `eventId` and `processed` to each message of a page, with one batched lookup per store for
 * the whole page (a Redis pipeline, one SQL `= ANY($1)`). Never fails the page: a store that is
 * down or slow leaves `processed` null and says why in `processedError`.
 */
export async function annotateProcessed<M extends IdSource>(
  topic: string | ((message: M) => string),
  messages: M[],
  /** Who will see the marks: processedAt / consumer come from record values, and masking rules apply to those. */
  viewer: Pick<Actor, "canSeeClearValues">,
): Promise<(M & ProcessedFields)[]> {
  // A DLQ message carries an event of its original topic: its id is found by that topic's rule.
  const topicOf = typeof topic === "string" ? () => topic : topic;
  let extracted;
  let stores;
  try {
    const allRules = eventIdRules();
    extracted = messages.map((message) => extractEventId(message, rulesForTopic(topicOf(message), allRules)));
    stores = listStores();
  } catch (error) {
    const reason = `configuration: ${configErrorMessage(error)}`;
    return messages.map((message) => ({ ...message, eventId: null, processed: null, processedError: reason }));
  }
  const ids = [...new Set(extracted.flatMap((found) => (found ? [found.id] : [])))];

  const lookups = await Promise.all(
    stores.map(async (store) => {
      if (ids.length === 0) return { store: store.id, marks: new Map<string, ProcessedMark>() };
      try {
        return { store: store.id, marks: await withTimeout(store.lookupEventIds(ids), ANNOTATE_BUDGET_MS) };
      } catch (error) {
        return { store: store.id, error: describe(error) };
      }
    }),
  );
  // The masking rules are read only when some record was found (most pages of most topics have none).
  const anyRecord = lookups.some((lookup) => (lookup.marks?.size ?? 0) > 0);
  const mask = anyRecord ? await recordMasker(viewer) : null;
  const failures = lookups.filter((lookup) => lookup.error !== undefined).map((lookup) => `${lookup.store}: ${lookup.error}`);

  return messages.map((message, index) => {
    const found = extracted[index];
    if (!found) return { ...message, eventId: null, processed: null };
    const mark = lookups.map((lookup) => lookup.marks?.get(found.id)).find((candidate) => candidate !== undefined) ?? null;
    return {
      ...message,
      eventId: found.id,
      eventIdFrom: found.from,
      processed: mark && mask ? mask.meta(mark) : mark,
      ...(mark === null && failures.length > 0 ? { processedError: failures.join("; ") } : {}),
    };
  });
}

function describe(error: unknown): string {
  if (isDomainError(error)) {
    const reason = error.details?.reason;
    return typeof reason === "string" ? reason : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
