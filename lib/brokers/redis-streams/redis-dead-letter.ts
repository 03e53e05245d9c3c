import "server-only";
import type Redis from "ioredis";
import { notStream } from "./redis-groups";
import { walkPending } from "./redis-pending";
import type { PendingEntry } from "./stream-facts";

// Moving poison entries to a dead-letter stream, each entry exactly once. (Back again is the requeue
// job's, through redis-delivery.ts.)
//
// Dead-letter: one Lua script per batch, which Redis runs atomically (its writes reach the AOF and
// replicas as one MULTI/EXEC). For each id it checks, at that instant, that the entry is still pending
// in the group, idle long enough and delivered often enough; then XADDs a copy with where it came from
// to the dead-letter stream and XACKs it. An entry a consumer acknowledged or another job moved in the
// meantime fails the check, so nothing is dead-lettered twice and nothing acknowledged is copied; a
// client that dies mid-batch leaves each entry either moved or not, never half.

/** Fields the console writes on a dead-letter entry (names the DLQ envelope parser reads). */
export const DLQ_FIELDS = {
  originalStream: "x-original-topic",
  originalId: "x-original-id",
  group: "x-original-group",
  consumer: "x-original-consumer",
  deliveries: "x-attempts",
  error: "x-error",
} as const;
/** Not copied to a dead-letter entry, with the DLQ_FIELDS it writes anew: a requeued entry's marker (the requeue job writes it). */
const REQUEUE_ID_FIELD = "x-eventscope-requeue-id";
/** Entries per script call: a batch blocks Redis for about a millisecond. */
export const SCRIPT_BATCH = 200;

/**
 * Lua's unpack() takes at most about 8,000 values: an entry with more fields than this cannot be
 * copied by a script and is reported instead of moved (it stays where it is).
 */
export const MAX_SCRIPT_FIELDS = 3_900;
const LUA_PRELUDE = `local MAX_ARGS = ${2 * MAX_SCRIPT_FIELDS}`;
const TOO_MANY_FIELDS = "!too-many-fields";

const DEAD_LETTER_SCRIPT = `${LUA_PRELUDE}
local stream, dlq = KEYS[1], KEYS[2]
local group, minDeliveries, minIdle = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local kind = redis.call('TYPE', dlq)['ok']
if kind ~= 'stream' and kind ~= 'none' then return {'!type', kind} end
local strip = {}
for name in string.gmatch(ARGV[4], "[^\\n]+") do strip[name] = true end
local out = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local row = redis.call('XPENDING', stream, group, 'IDLE', minIdle, id, id, 1)[1]
  if row and tonumber(row[4]) >= minDeliveries then
    local entry = redis.call('XRANGE', stream, id, id)[1]
    local args = {}
    if entry then
      local f = entry[2]
      for j = 1, #f, 2 do
        if not strip[f[j]] then args[#args + 1] = f[j]; args[#args + 1] = f[j + 1] end
      end
    end
    if #args > MAX_ARGS then
      out[#out + 1] = id
      out[#out + 1] = '!too-many-fields'
    else
    local reason = 'delivered ' .. row[4] .. ' times, at least ' .. minDeliveries .. ' (pending at ' .. row[2] .. ')'
    if not entry then reason = 'entry no longer in the stream (deleted or trimmed); ' .. reason end
    args[#args + 1] = '${DLQ_FIELDS.originalStream}'; args[#args + 1] = stream
    args[#args + 1] = '${DLQ_FIELDS.originalId}'; args[#args + 1] = id
    args[#args + 1] = '${DLQ_FIELDS.group}'; args[#args + 1] = group
    args[#args + 1] = '${DLQ_FIELDS.consumer}'; args[#args + 1] = row[2]
    args[#args + 1] = '${DLQ_FIELDS.deliveries}'; args[#args + 1] = tostring(row[4])
    args[#args + 1] = '${DLQ_FIELDS.error}'; args[#args + 1] = reason
    local dlqId = redis.call('XADD', dlq, '*', unpack(args))
    redis.call('XACK', stream, group, id)
    out[#out + 1] = id
    out[#out + 1] = dlqId
    end
  end
end
return out
`;

export interface DeadLetterCriteria {
  /** Entries delivered at least this many times. */
  minDeliveries: number;
  /** ... and idle (not delivered again) at least this long, ms. */
  minIdleMs?: number;
  /** Stop after this many entries (a job's cap). */
  limit?: number;
}

/** Pending entries the criteria match right now, oldest first (the dry run; up to `limit`). */
export async function matchDeadLetterCandidates(redis: Redis, stream: string, group: string, criteria: DeadLetterCriteria): Promise<PendingEntry[]> {
  const matched: PendingEntry[] = [];
  const limit = criteria.limit ?? Number.MAX_SAFE_INTEGER;
  await walkPending(redis, stream, group, { minIdleMs: criteria.minIdleMs }, (page) => {
    for (const entry of page) {
      if (entry.deliveries >= criteria.minDeliveries) matched.push(entry);
      if (matched.length >= limit) return false;
    }
    return true;
  });
  return matched;
}

export interface MovedEntry {
  id: string;
  dlqId: string;
}

/** Entries a script left where they were, and why. */
export interface RefusedEntry {
  id: string;
  reason: string;
}

export interface MoveResult {
  moved: MovedEntry[];
  refused: RefusedEntry[];
}

const tooManyFields = (id: string): RefusedEntry => ({ id, reason: `entry ${id} has more than ${MAX_SCRIPT_FIELDS} fields: move it by hand` });

/**
 * Moves the given pending entries to `dlqKey` where they still match (see the module comment).
 * Returns the ones moved, in order; entries that no longer match are left alone.
 */
export async function deadLetterEntries(redis: Redis, stream: string, group: string, dlqKey: string, ids: string[], criteria: DeadLetterCriteria): Promise<MoveResult> {
  const moved: MovedEntry[] = [];
  const refused: RefusedEntry[] = [];
  for (let i = 0; i < ids.length; i += SCRIPT_BATCH) {
    const batch = ids.slice(i, i + SCRIPT_BATCH);
    const reply = (await redis.eval(
      DEAD_LETTER_SCRIPT,
      2,
      stream,
      dlqKey,
      group,
      criteria.minDeliveries,
      criteria.minIdleMs ?? 0,
      [...Object.values(DLQ_FIELDS), REQUEUE_ID_FIELD].join("\n"),
      ...batch,
    )) as unknown[];
    if (reply[0] === "!type") throw notStream(dlqKey, String(reply[1]));
    for (let j = 0; j + 1 < reply.length; j += 2) {
      const id = String(reply[j]);
      if (reply[j + 1] === TOO_MANY_FIELDS) refused.push(tooManyFields(id));
      else moved.push({ id, dlqId: String(reply[j + 1]) });
    }
  }
  return { moved, refused };
}

/**
 * Walks the PEL oldest first and dead-letters every entry matching the criteria, a page at a time;
 * `onBatch` sees each batch moved (a job records its progress there).
 */
export async function deadLetterPending(
  redis: Redis,
  stream: string,
  group: string,
  dlqKey: string,
  criteria: DeadLetterCriteria,
  onBatch?: (result: MoveResult) => Promise<void> | void,
): Promise<{ matched: number; moved: number; refused: RefusedEntry[] }> {
  const limit = criteria.limit ?? Number.MAX_SAFE_INTEGER;
  let matched = 0;
  let moved = 0;
  const refused: RefusedEntry[] = [];
  // The walk goes on after the last id it saw, so moved entries (gone from the PEL) and entries below
  // the threshold (still there) are each looked at once.
  await walkPending(redis, stream, group, { minIdleMs: criteria.minIdleMs, pageSize: 1_000 }, async (page) => {
    const ids: string[] = [];
    for (const entry of page) {
      if (matched + ids.length >= limit) break;
      if (entry.deliveries >= criteria.minDeliveries) ids.push(entry.id);
    }
    matched += ids.length;
    if (ids.length > 0) {
      const done = await deadLetterEntries(redis, stream, group, dlqKey, ids, criteria);
      moved += done.moved.length;
      refused.push(...done.refused.slice(0, 100 - refused.length));
      if (onBatch) await onBatch(done);
    }
    return matched < limit;
  });
  return { matched, moved, refused };
}
