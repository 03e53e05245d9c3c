import "server-only";
import Redis from "ioredis";
import { invalidInput, isDomainError } from "@/lib/errors";
import type { RedisStoreConfig } from "@/lib/config/schema";
import { formatRecordValue, formatTextOrJson, LIST_VALUE_PREVIEW_BYTES, MAX_RECORD_VALUE_BYTES, recordMetaFromValue } from "../format-value";
import { matchesGlob } from "../glob";
import type { IdempotencyStore, ListRecordsQuery } from "../store";
import { describeConnectionError, storeUnavailable } from "../store-errors";
import type { IdempotencyRecord, ProcessedMark, RecordPage, StoreSummary } from "../types";
import { decodeScanCursor, encodeScanCursor, eventIdFromKey, keyForEventId, scanPlan } from "./redis-keys";
import { pickPreviousSnapshot, summarizeTtls, type CountSnapshot } from "./ttl-stats";

// ------------------------------------------------------------------ tuning
/** A Redis that does not answer within this is reported down (the default of 10 s is too patient). */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** One command taking longer than this fails (a stuck server must not hang a page). */
const COMMAND_TIMEOUT_MS = 10_000;
/**
 * SCAN COUNT of the count walk: the work of one call on the server (about a millisecond on an idle
 * Redis) against the number of round trips (500 per million keys). 2,000 measured fastest of
 * 1,000 / 2,000 / 5,000 on the benchmark machine (docs/benchmarks.md).
 */
export const COUNT_SCAN_BATCH = 2_000;
/** The count walk stops after this and estimates the rest (a store of tens of millions of keys). */
export const COUNT_BUDGET_MS = 8_000;
/** Remaining TTLs are read for up to this many records; above, they are a uniform sample (SCAN order is hash order). */
export const TTL_SAMPLE_MAX = 100_000;
/** Figures are cached this long, or 5x what computing them took if that is longer. */
export const STATS_CACHE_MS = 5_000;
/** A page request scans for at most this long, then returns what it found with a cursor to go on. */
export const PAGE_SCAN_BUDGET_MS = 2_000;
const MAX_SCAN_COUNT = 10_000;
/** Keys of a SCAN batch that did not fit on a page travel in the cursor, up to this many. */
const MAX_PENDING_KEYS = 200;
/** "Newest first" lists at most this many (from the TTL walk of the figures). */
export const NEWEST_KEEP = 200;
/** A newest-first search ranks at most this many matching records (their TTLs are read in one pipeline). */
export const SEARCH_RANK_MAX = 10_000;
/** Record values read for "processed" badges: enough for {"consumer","processedAt"}. */
const MARK_VALUE_BYTES = 4 * 1024;
/** Hashes up to this many fields are shown in full in the record detail. */
const MAX_HASH_FIELDS = 1_000;

interface Stats {
  summary: StoreSummary;
  at: number;
  cacheMs: number;
}

/** A Redis store of idempotency records: keys matching `pattern`, as `SET processed:<id> <value> NX EX 3600` writes them. */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly id: string;
  private readonly client: Redis;
  private lastError: string | undefined;
  private connecting: Promise<void> | undefined;
  private stats: Stats | undefined;
  private statsInFlight: Promise<Stats> | undefined;
  private readonly history: CountSnapshot[] = [];
  private longestTtlMs = 0;
  private newest: { keys: string[]; sampled?: number } = { keys: [] };
  private closed = false;

  constructor(readonly config: RedisStoreConfig) {
    this.id = config.id;
    this.client = new Redis(config.url, {
      lazyConnect: true,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // A down Redis must answer "down" at once, not queue commands until it comes back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 500, 5_000),
      connectionName: "eventscope",
    });
    // ioredis emits "error" on every failed reconnect; keep the reason for the status instead.
    this.client.on("error", (error: unknown) => {
      this.lastError = describeConnectionError(error);
    });
    this.client.on("ready", () => {
      this.lastError = undefined;
    });
  }

  /** The URL without credentials, and the pattern. */
  get target(): string {
    return `${redactRedisUrl(this.config.url)} ${this.config.pattern}`;
  }

  keyForEventId(id: string): string | null {
    return keyForEventId(this.config.pattern, id);
  }

  // ---------------------------------------------------------------- connection

  private async ready(): Promise<Redis> {
    if (this.closed) throw storeUnavailable(this.id, "store closed");
    const status = this.client.status;
    if (status === "ready") return this.client;
    if (status === "wait" || (this.connecting && (status === "connecting" || status === "connect"))) {
      this.connecting ??= this.client.connect().finally(() => {
        this.connecting = undefined;
      });
      try {
        await this.connecting;
      } catch (error) {
        throw storeUnavailable(this.id, this.lastError ?? describeConnectionError(error));
      }
      if (this.client.status === "ready") return this.client;
    }
    // Reconnecting in the background (every few seconds): fail fast with the last reason.
    throw storeUnavailable(this.id, this.lastError ?? `not connected (${this.client.status})`);
  }

  /** Runs Redis work; a dropped connection becomes a 503 with the reason. */
  private async run<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = await this.ready();
    try {
      return await work(redis);
    } catch (error) {
      if (isConnectionFailure(error)) throw storeUnavailable(this.id, this.lastError ?? describeConnectionError(error));
      throw error;
    }
  }

  // ---------------------------------------------------------------- figures

  /**
   * The figures, computed at most once per cache period whatever the number of pollers. Once known,
   * stale figures of a store that was up are answered at once while new ones are computed in the
   * background, so a page never waits for the walk of a big store more than the first time.
   */
  async summary(): Promise<StoreSummary> {
    const now = Date.now();
    if (this.stats && now - this.stats.at < this.stats.cacheMs) return this.stats.summary;
    const refresh = (this.statsInFlight ??= this.computeStats().finally(() => {
      this.statsInFlight = undefined;
    }));
    if (this.stats?.summary.status === "up") return this.stats.summary;
    return (await refresh).summary;
  }

  private base(): Pick<StoreSummary, "id" | "kind" | "target"> {
    return { id: this.id, kind: "redis", target: this.target };
  }

  private async computeStats(): Promise<Stats> {
    const started = Date.now();
    try {
      const figures = await this.run((redis) => this.walk(redis));
      const now = Date.now();
      const ttl = summarizeTtls({
        ttlsMs: figures.ttls,
        total: figures.records,
        ttlSeconds: this.config.ttlSeconds,
        longestTtlMs: this.longestTtlMs,
        previous: pickPreviousSnapshot(this.history, now),
        now,
      });
      if (!figures.estimated) this.remember({ at: now, records: figures.records });
      for (const value of figures.ttls) if (value > this.longestTtlMs) this.longestTtlMs = value;
      const sampled = figures.ttls.length < figures.records ? figures.ttls.length : undefined;
      this.newest = ttl.newPerMinuteMethod === "ttl" ? { keys: figures.newest, sampled } : { keys: [] };
      const took = now - started;
      const summary: StoreSummary = {
        ...this.base(),
        records: figures.records,
        status: "up",
        ...(figures.estimated ? { recordsEstimated: true } : {}),
        expiringSoon: ttl.expiringSoon,
        newPerMinute: ttl.newPerMinute,
        ...(ttl.newPerMinuteMethod ? { newPerMinuteMethod: ttl.newPerMinuteMethod } : {}),
        ...(ttl.assumedTtlSeconds !== undefined ? { assumedTtlSeconds: ttl.assumedTtlSeconds } : {}),
        ...(sampled !== undefined ? { sampledRecords: sampled } : {}),
        capabilities: { newestFirst: ttl.newPerMinuteMethod === "ttl", ttl: true },
        checkedAt: new Date(now).toISOString(),
        tookMs: took,
      };
      const stats = { summary, at: now, cacheMs: Math.max(STATS_CACHE_MS, took * 5) };
      this.stats = stats;
      return stats;
    } catch (error) {
      const reason = describeStoreError(error);
      const summary: StoreSummary = {
        ...this.base(),
        records: null,
        status: "down",
        error: reason,
        capabilities: { newestFirst: false, ttl: true },
        checkedAt: new Date().toISOString(),
      };
      // A down store is retried on the next poll, not held for 5 s.
      const stats = { summary, at: Date.now(), cacheMs: 1_000 };
      this.stats = stats;
      return stats;
    }
  }

  private remember(snapshot: CountSnapshot): void {
    this.history.push(snapshot);
    while (this.history.length > 0 && snapshot.at - this.history[0]!.at > 15 * 60_000) this.history.shift();
    if (this.history.length > 200) this.history.splice(0, this.history.length - 200);
  }

  /**
   * One SCAN walk over the pattern: the count, and the remaining TTL of the first TTL_SAMPLE_MAX keys
   * (pipelined while the walk goes on). Bounded by COUNT_BUDGET_MS; past it, the count is estimated.
   */
  private async walk(redis: Redis): Promise<{ records: number; estimated: boolean; ttls: number[]; newest: string[] }> {
    const pattern = this.config.pattern;
    const deadline = Date.now() + COUNT_BUDGET_MS;
    const ttlBatches: Promise<{ keys: string[]; ttls: number[] }>[] = [];
    let sampled = 0;
    let count = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", COUNT_SCAN_BATCH);
      cursor = next;
      count += keys.length;
      if (sampled < TTL_SAMPLE_MAX && keys.length > 0) {
        const take = keys.slice(0, TTL_SAMPLE_MAX - sampled);
        sampled += take.length;
        ttlBatches.push(pttls(redis, take).then((ttls) => ({ keys: take, ttls })));
      }
    } while (cursor !== "0" && Date.now() < deadline);
    const batches = await Promise.all(ttlBatches);
    const ttls: number[] = [];
    const candidates: { key: string; ttl: number }[] = [];
    for (const batch of batches) {
      batch.ttls.forEach((ttl, index) => {
        ttls.push(ttl);
        if (ttl >= 0) candidates.push({ key: batch.keys[index]!, ttl });
      });
    }
    candidates.sort((a, b) => b.ttl - a.ttl);
    const newest = candidates.slice(0, NEWEST_KEEP).map((candidate) => candidate.key);
    if (cursor === "0") return { records: count, estimated: false, ttls, newest };
    // Ran out of time: estimate from a random sample of the whole keyspace.
    const estimate = await estimateMatching(redis, pattern);
    return { records: Math.max(count, estimate), estimated: true, ttls, newest };
  }

  // ---------------------------------------------------------------- records

  async listRecords(query: ListRecordsQuery): Promise<RecordPage> {
    if (query.sort === "newest") {
      if (query.cursor) throw invalidInput("cursor", "newest first is a single page on a Redis store");
      return query.q?.trim() ? this.newestMatching(query.q, query.limit) : this.newestRecords(query.limit);
    }
    let start: { scan: string; pending: string[]; fresh: boolean } = { scan: "0", pending: [], fresh: true };
    if (query.cursor) {
      const decoded = decodeScanCursor(query.cursor);
      if (!decoded) throw invalidInput("cursor", "not a cursor of this list; start again without one");
      start = { ...decoded, fresh: false };
    }
    return this.run(async (redis) => {
      const plan = scanPlan(this.config.pattern, query.q);
      const seen = new Set<string>();
      const keys: string[] = [];
      let pending = start.pending;
      const take = (candidates: string[]): string[] => {
        const rest: string[] = [];
        for (const key of candidates) {
          if (seen.has(key)) continue;
          if (keys.length < query.limit) {
            keys.push(key);
            seen.add(key);
          } else rest.push(key);
        }
        return rest;
      };
      pending = take(pending);
      let cursor = start.scan;
      let done = !start.fresh && cursor === "0";
      const deadline = Date.now() + PAGE_SCAN_BUDGET_MS;
      let asked = 0;
      let found = 0;
      while (pending.length === 0 && keys.length < query.limit && !done && Date.now() < deadline) {
        // Ask for about as many keys as the page still needs, scaled by how many the search let through so far.
        const share = asked > 0 ? Math.max(found / asked, 1 / MAX_SCAN_COUNT) : 1;
        const count = Math.min(MAX_SCAN_COUNT, Math.max(10, Math.ceil((query.limit - keys.length) / share)));
        const [next, batch] = await redis.scan(cursor, "MATCH", plan.match, "COUNT", count);
        const matching = plan.filter ? batch.filter((key) => plan.filter!.test(key)) : batch;
        asked += count;
        found += matching.length;
        pending = take(matching);
        cursor = next;
        done = cursor === "0";
      }
      // Keys of the last batch that did not fit go in the cursor; in the rare case of a batch far
      // bigger than expected, they are shown on this page rather than making a huge cursor.
      if (pending.length > MAX_PENDING_KEYS) {
        keys.push(...pending);
        pending = [];
      }
      const records = await this.readRecords(redis, keys, LIST_VALUE_PREVIEW_BYTES);
      const hasMore = pending.length > 0 || !done;
      return { records, ...(hasMore ? { next: encodeScanCursor({ scan: cursor, pending }) } : {}) };
    });
  }

  /** Newest first, by remaining TTL (records carry a uniform TTL), from the last walk of the figures. */
  private async newestRecords(limit: number): Promise<RecordPage> {
    await this.requireNewestFirst();
    const { keys, sampled } = this.newest;
    return this.run(async (redis) => {
      const records = (await this.readRecords(redis, keys.slice(0, Math.min(NEWEST_KEEP, limit * 2)), LIST_VALUE_PREVIEW_BYTES))
        .filter((record) => record.ttlSeconds !== null)
        .sort((a, b) => (b.ttlSeconds ?? 0) - (a.ttlSeconds ?? 0))
        .slice(0, limit);
      return { records, ...(sampled !== undefined ? { sampledRecords: sampled } : {}) };
    });
  }

  /**
   * Newest first among the records a search finds. Redis keeps keys in hash order, so the search
   * walks the store (within PAGE_SCAN_BUDGET_MS, at most SEARCH_RANK_MAX matches), reads their
   * remaining TTLs and ranks by them (uniform TTL: more left = written later). One page; the
   * answer says how many records it ranked and whether the walk reached the end of the store.
   */
  private async newestMatching(q: string, limit: number): Promise<RecordPage> {
    await this.requireNewestFirst();
    return this.run(async (redis) => {
      const plan = scanPlan(this.config.pattern, q);
      const deadline = Date.now() + PAGE_SCAN_BUDGET_MS;
      const matches = new Set<string>();
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", plan.match, "COUNT", MAX_SCAN_COUNT);
        for (const key of batch) if (!plan.filter || plan.filter.test(key)) matches.add(key);
        cursor = next;
      } while (cursor !== "0" && matches.size < SEARCH_RANK_MAX && Date.now() < deadline);
      const keys = [...matches].slice(0, SEARCH_RANK_MAX);
      const ttls = await pttls(redis, keys);
      const newest = keys
        .map((key, index) => ({ key, ttl: ttls[index]! }))
        .filter((candidate) => candidate.ttl >= 0)
        .sort((a, b) => b.ttl - a.ttl || (a.key < b.key ? -1 : 1))
        .slice(0, limit)
        .map((candidate) => candidate.key);
      const records = await this.readRecords(redis, newest, LIST_VALUE_PREVIEW_BYTES);
      return { records, searched: { matched: keys.length, complete: cursor === "0" && matches.size <= SEARCH_RANK_MAX } };
    });
  }

  /** Newest first is only known from a uniform TTL (lib/idempotency/redis/ttl-stats.ts). */
  private async requireNewestFirst(): Promise<void> {
    const summary = await this.summary();
    if (summary.status !== "up") throw storeUnavailable(this.id, summary.error ?? "down");
    if (!summary.capabilities.newestFirst) {
      throw invalidInput("sort", "newest first needs records written with a uniform TTL; this store's records have none");
    }
  }

  async getRecord(key: string): Promise<IdempotencyRecord | null> {
    if (!matchesGlob(this.config.pattern, key)) return null;
    return this.run(async (redis) => {
      const [record] = await this.readRecords(redis, [key], MAX_RECORD_VALUE_BYTES, true);
      return record ?? null;
    });
  }

  async deleteRecord(key: string): Promise<boolean> {
    // Only keys of this store: the console must not become a way to delete any key of the database.
    if (!matchesGlob(this.config.pattern, key)) return false;
    return this.run(async (redis) => (await redis.del(key)) > 0);
  }

  /**
   * TTL, size and (the start of) the value of each key, in one pipeline; keys gone meanwhile are
   * left out. Keys that are not strings get their type (and, in detail, a hash's fields).
   */
  private async readRecords(redis: Redis, keys: string[], valueBytes: number, detail = false): Promise<IdempotencyRecord[]> {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const key of keys) {
      pipeline.pttl(key);
      pipeline.getrangeBuffer(key, 0, valueBytes - 1);
      pipeline.strlen(key);
    }
    const replies = (await pipeline.exec()) ?? [];
    const records: IdempotencyRecord[] = [];
    const others: { index: number; key: string; ttl: number }[] = [];
    keys.forEach((key, index) => {
      const [ttlError, ttlReply] = replies[index * 3] ?? [];
      const [valueError, valueReply] = replies[index * 3 + 1] ?? [];
      const [, sizeReply] = replies[index * 3 + 2] ?? [];
      const ttl = ttlError ? -2 : Number(ttlReply);
      if (ttl === -2) return;
      if (valueError) {
        others.push({ index: records.length, key, ttl });
        records.push(this.toRecord(key, ttl, formatRecordValue(null)));
        return;
      }
      const bytes = Buffer.isBuffer(valueReply) ? valueReply : Buffer.from(String(valueReply ?? ""), "utf8");
      const value = formatRecordValue(bytes, Number(sizeReply ?? bytes.length), valueBytes);
      records.push(this.toRecord(key, ttl, value));
    });
    if (others.length > 0) await this.describeOthers(redis, records, others, detail);
    return records;
  }

  private async describeOthers(
    redis: Redis,
    records: IdempotencyRecord[],
    others: { index: number; key: string; ttl: number }[],
    detail: boolean,
  ): Promise<void> {
    const pipeline = redis.pipeline();
    for (const other of others) {
      pipeline.type(other.key);
      pipeline.hlen(other.key);
    }
    const replies = (await pipeline.exec()) ?? [];
    for (const [position, other] of others.entries()) {
      const type = String(replies[position * 2]?.[1] ?? "unknown");
      const record = records[other.index]!;
      record.type = type;
      if (type === "hash") {
        const fields = Number(replies[position * 2 + 1]?.[1] ?? 0);
        if (detail && fields <= MAX_HASH_FIELDS) {
          const hash = await redis.hgetall(other.key);
          const value = formatTextOrJson(hash);
          Object.assign(record, value, recordMetaFromValue(value.value, value.encoding));
        } else {
          record.value = `(hash with ${fields} field${fields === 1 ? "" : "s"})`;
        }
      } else if (type !== "none") {
        record.value = `(${type})`;
      }
    }
  }

  private toRecord(key: string, ttl: number, value: ReturnType<typeof formatRecordValue>): IdempotencyRecord {
    const eventId = eventIdFromKey(this.config.pattern, key);
    return {
      key,
      ttlSeconds: ttl >= 0 ? Math.ceil(ttl / 1000) : null,
      ...value,
      ...recordMetaFromValue(value.value, value.encoding),
      ...(eventId !== undefined ? { eventId } : {}),
    };
  }

  async lookupEventIds(ids: readonly string[]): Promise<Map<string, ProcessedMark>> {
    const marks = new Map<string, ProcessedMark>();
    const wanted = [...new Set(ids)]
      .map((id) => ({ id, key: this.keyForEventId(id) }))
      .filter((entry): entry is { id: string; key: string } => entry.key !== null);
    if (wanted.length === 0) return marks;
    return this.run(async (redis) => {
      const pipeline = redis.pipeline();
      for (const { key } of wanted) {
        pipeline.pttl(key);
        pipeline.getrangeBuffer(key, 0, MARK_VALUE_BYTES - 1);
      }
      const replies = (await pipeline.exec()) ?? [];
      wanted.forEach(({ id, key }, index) => {
        const [ttlError, ttlReply] = replies[index * 2] ?? [];
        const ttl = ttlError ? -2 : Number(ttlReply);
        if (ttl === -2) return;
        const [valueError, valueReply] = replies[index * 2 + 1] ?? [];
        const value = valueError || !Buffer.isBuffer(valueReply) ? formatRecordValue(null) : formatRecordValue(valueReply);
        marks.set(id, {
          store: this.id,
          key,
          ttlSeconds: ttl >= 0 ? Math.ceil(ttl / 1000) : null,
          ...recordMetaFromValue(value.value, value.encoding),
        });
      });
      return marks;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      if (this.client.status === "ready") await this.client.quit();
      else this.client.disconnect();
    } catch {
      this.client.disconnect();
    }
  }
}

async function pttls(redis: Redis, keys: string[]): Promise<number[]> {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.pttl(key);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => (error ? -2 : Number(reply)));
}

/** Share of keys matching the pattern in a random sample (RANDOMKEY), times DBSIZE. */
async function estimateMatching(redis: Redis, pattern: string, samples = 1_000): Promise<number> {
  const size = await redis.dbsize();
  if (size === 0) return 0;
  const pipeline = redis.pipeline();
  for (let i = 0; i < samples; i++) pipeline.randomkey();
  const replies = (await pipeline.exec()) ?? [];
  const keys = replies.map(([, key]) => key).filter((key): key is string => typeof key === "string");
  if (keys.length === 0) return 0;
  const matching = keys.filter((key) => matchesGlob(pattern, key)).length;
  return Math.round((matching / keys.length) * size);
}

function isConnectionFailure(error: unknown): boolean {
  if (isDomainError(error)) return false;
  const message = (error as Error | null)?.message ?? "";
  return (
    /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|MaxRetriesPerRequest/i.test(message) ||
    typeof (error as { code?: unknown } | null)?.code === "string"
  );
}

function describeStoreError(error: unknown): string {
  const details = (error as { details?: { reason?: unknown } } | null)?.details;
  if (typeof details?.reason === "string") return details.reason;
  return describeConnectionError(error);
}

/** redis://user:secret@host:6379/2 -> redis://host:6379/2 (no credentials on screen). */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const db = parsed.pathname && parsed.pathname !== "/" ? parsed.pathname : "/0";
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${db}`;
  } catch {
    return "redis (unparseable URL)";
  }
}

