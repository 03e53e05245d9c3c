import "server-only";
import type Redis from "ioredis";
import { invalidInput } from "@/lib/errors";
import type { PendingAction, PendingSelection } from "../types";
import { badName, hasControlCharacter, nameOk, quoteName, requireName, type NameCheck } from "../names";
import { execPipeline } from "./redis-streams-client";
import { claimPending, requireEntryId, walkPending } from "./redis-pending";
import { pairs, parsePendingEntries } from "./stream-facts";
import { compareIdTexts } from "./stream-ids";

// The operator's claim and ack of pending entries, chosen by id or by idle time. Each batch re-checks
// every entry at the broker at that instant (still pending in the group, idle at least minIdleMs), so
// an entry its consumer acknowledged or read again in the meantime is left alone, and running the same
// request again after a crash or an outage does no harm: a claim gives the entry to the same consumer
// again, an ack finds it gone.

/** Ids one request may name (the UI selects from a page of at most 1,000). */
export const MAX_SELECTED_IDS = 1_000;
/** Redis accepts any consumer name; longer than this is a mistake or an attack. */
export const MAX_CONSUMER_NAME_LENGTH = 256;
/** Entries per XCLAIM / script call. */
const BATCH = 200;

/**
 * Acks each id that is still pending and idle at least ARGV[2] ms, atomically per batch (a consumer
 * reading one again in between makes it busy again: it is not acked from under it).
 */
const ACK_SCRIPT = `
local stream, group, minIdle = KEYS[1], ARGV[1], tonumber(ARGV[2])
local acked = 0
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('XPENDING', stream, group, 'IDLE', minIdle, id, id, 1)[1] then
    acked = acked + redis.call('XACK', stream, group, id)
  end
end
return acked
`;

/**
 * A consumer an operator claims entries to. Redis takes any byte string and creates the consumer on
 * the first claim, so a typo would silently create a new one: control characters and surrounding
 * spaces (never typed on purpose) are refused; the dry run says whether the consumer exists.
 */
export function checkConsumerName(name: string): NameCheck {
  if (typeof name !== "string" || name.length === 0) return badName("a consumer name is required");
  if (name.length > MAX_CONSUMER_NAME_LENGTH) return badName(`a consumer name is at most ${MAX_CONSUMER_NAME_LENGTH} characters`);
  if (hasControlCharacter(name)) return badName(`${quoteName(name)} contains a control character`);
  if (name.trim() !== name) return badName(`${quoteName(name)} starts or ends with a space`);
  return nameOk;
}

/** Validated, canonical, de-duplicated ids in stream order (400 naming `ids` otherwise). */
export function checkSelection(selection: PendingSelection): PendingSelection {
  const minIdleMs = selection.minIdleMs ?? 0;
  if (!Number.isSafeInteger(minIdleMs) || minIdleMs < 0) throw invalidInput("minIdleMs", "a whole number of milliseconds, 0 or more");
  if (selection.ids === undefined) {
    if (minIdleMs <= 0) throw invalidInput("minIdleMs", "without ids, a minimum idle time above 0 chooses the entries");
    return { minIdleMs };
  }
  if (selection.ids.length === 0) throw invalidInput("ids", "at least one entry id");
  if (selection.ids.length > MAX_SELECTED_IDS) throw invalidInput("ids", `at most ${MAX_SELECTED_IDS} entry ids`);
  const ids = [...new Set(selection.ids.map((id, i) => requireEntryId(`ids[${i}]`, id)))].sort(compareIdTexts);
  return { ids, minIdleMs };
}

/** The selected entries that are pending now (and idle long enough), oldest first. */
async function pendingOfIds(redis: Redis, stream: string, group: string, ids: string[], minIdleMs: number): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.call("XPENDING", stream, group, "IDLE", minIdleMs, id, id, 1);
  const replies = await execPipeline(pipeline);
  return ids.filter((_, i) => parsePendingEntries(replies[i]?.[1]).length > 0);
}

/** The dry run: how many entries the selection matches now. */
export async function countSelected(redis: Redis, stream: string, group: string, selection: PendingSelection): Promise<number> {
  const minIdleMs = selection.minIdleMs ?? 0;
  if (selection.ids) return (await pendingOfIds(redis, stream, group, selection.ids, minIdleMs)).length;
  let matched = 0;
  await walkPending(redis, stream, group, { minIdleMs }, (page) => {
    matched += page.length;
    return true;
  });
  return matched;
}

/** Whether `consumer` is already a consumer of the group (a claim to a new name creates it). */
export async function consumerExists(redis: Redis, stream: string, group: string, consumer: string): Promise<boolean> {
  requireName("consumer", checkConsumerName(consumer));
  const consumers = (await redis.call("XINFO", "CONSUMERS", stream, group)) as unknown[];
  return consumers.some((c) => String(pairs(c).get("name")) === consumer);
}

async function applyToBatch(redis: Redis, stream: string, group: string, ids: string[], minIdleMs: number, action: PendingAction): Promise<number> {
  if (action.kind === "claim") return (await claimPending(redis, stream, group, action.consumer, ids, minIdleMs)).length;
  return Number(await redis.eval(ACK_SCRIPT, 1, stream, group, minIdleMs, ...ids));
}

/**
 * Claims or acks the selected entries, a batch at a time; `onBatch` sees how many each batch changed
 * and how many it found no longer pending (or busy again), and may stop the walk by returning false.
 */
export async function applyToPending(
  redis: Redis,
  stream: string,
  group: string,
  selection: PendingSelection,
  action: PendingAction,
  onBatch: (batch: { done: number; skipped: number }) => Promise<boolean>,
): Promise<{ matched: number; done: number }> {
  if (action.kind === "claim") requireName("consumer", checkConsumerName(action.consumer));
  const minIdleMs = selection.minIdleMs ?? 0;
  let matched = 0;
  let done = 0;
  const visit = async (ids: string[]): Promise<boolean> => {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const changed = await applyToBatch(redis, stream, group, batch, minIdleMs, action);
      matched += batch.length;
      done += changed;
      if (!(await onBatch({ done: changed, skipped: batch.length - changed }))) return false;
    }
    return true;
  };
  if (selection.ids) await visit(selection.ids);
  // By idle time: the walk goes on after the last id it saw, so a claimed entry (still pending, idle 0)
  // is not seen again and an acked one is gone.
  else await walkPending(redis, stream, group, { minIdleMs }, (page) => visit(page.map((e) => e.id)));
  return { matched, done };
}
