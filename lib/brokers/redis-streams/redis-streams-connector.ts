import "server-only";
import type Redis from "ioredis";
import type { RedisStreamsClusterConfig } from "@/lib/config/schema";
import { brokerRefused, invalidInput, notFound } from "@/lib/errors";
import { matchesGlob } from "@/lib/idempotency/glob";
import { badName, hasControlCharacter, nameOk, quoteName, requireName, type NameCheck, type NameKind, type TargetCheck } from "../names";
import type { BrokerDelivery, DeliveryOptions } from "../delivery";
import { redisStreamsDelivery } from "./redis-delivery";
import { deadLetterPending, matchDeadLetterCandidates } from "./redis-dead-letter";
import { listPending } from "./redis-pending";
import { applyToPending, checkConsumerName, checkSelection, consumerExists, countSelected } from "./redis-pending-actions";
import type {
  PendingEntries,
  BrokerConnector,
  ClusterInfo,
  ClusterSnapshot,
  ConsumerDetail,
  ConsumerSummary,
  MessagePosition,
  OffsetTimestampRequest,
  RawMessage,
  PublishRequest,
  PublishResult,
  ReadMessagesQuery,
  ReadMessagesResult,
  ResetOutcome,
  ResetPositions,
  ResetRequest,
  ResetScope,
  ScanMessagesRequest,
  ScanMessagesResult,
  TopicDetail,
  TopicSummary,
} from "../types";
import { groupDetail, groupSummary, streamOffsets, type RedisGroupFigures } from "./redis-consumers";
import { messageToFields } from "./redis-entries";
import { requireStream, resolveGroup } from "./redis-groups";
import { previewGroupReset, readGroupPosition, resetGroup, targetForPosition } from "./redis-group-reset";
import { countBefore, readEntries, readEntriesByIds, scanEntries } from "./redis-messages";
import { describeRedisServer } from "./redis-server-info";
import { redisStreamsKind } from "./redis-streams-kind";
import { execPipeline, RedisStreamsClient } from "./redis-streams-client";
import { readStreams, scanStreamKeys, type StreamSample } from "./redis-streams-snapshot";
import { checkRedisName, defaultDlqKey, DLQ_SUFFIX, isDlqKey } from "./redis-stream-names";
import { DEFAULT_STATUS_RULES, type StatusRules } from "./stream-derive";
import { parseEntries } from "./stream-facts";
import { firstIdAtTime, parseStreamId, streamIdTimeMs } from "./stream-ids";
import { requireEntryId } from "./redis-pending";

/** Thrown from a batch callback to end a dead-letter walk early (a cancelled job). */
const STOP = Symbol("stop");

/** How long the entry times of the last cycle's positions are kept for readOffsetTimestamps. */
const POSITION_TIMES_KEEP = 50_000;

/**
 * A `redis-streams` cluster: the streams whose keys match the configured pattern (and their
 * dead-letter streams), their consumer groups as `<stream>.<group>`. Messages carry their entry id,
 * which addresses them everywhere; their numeric offsets are only positional (redis-messages.ts), and
 * a topic's low/high count entries (0 .. length), as the sampler's positions do (redis-consumers.ts).
 */
export class RedisStreamsConnector implements BrokerConnector {
  readonly kind = "redis-streams" as const;
  readonly capabilities = redisStreamsKind.capabilities;
  readonly client: RedisStreamsClient;
  readonly pattern: string;
  readonly rules: StatusRules;
  /** `<stream>/<committed>` -> time of the oldest unacknowledged entry, from the last cycles. */
  private readonly positionTimes = new Map<string, number>();

  constructor(readonly config: RedisStreamsClusterConfig) {
    this.client = new RedisStreamsClient({ url: config.url, username: config.username, password: config.password }, `eventscope-${config.id}`);
    this.pattern = config.pattern ?? "*";
    this.rules = { ...DEFAULT_STATUS_RULES, ...(config.deliveryLimit ? { deliveryLimit: config.deliveryLimit } : {}) };
  }

  delivery(options: DeliveryOptions): BrokerDelivery {
    return redisStreamsDelivery(this, options.markerHeader);
  }

  // ---------------------------------------------------------------- names and scope

  checkName(kind: NameKind, name: string): NameCheck {
    return checkRedisName(kind, name);
  }

  checkHeader(name: string, value: string): NameCheck {
    if (!name) return badName("a field name is required");
    if (hasControlCharacter(name)) return badName(`field ${quoteName(name)} contains a control character`);
    if (value.length > 1_000_000) return badName("a field value is at most 1,000,000 characters");
    return nameOk;
  }

  /** Streams the console watches: the pattern's, their dead-letter streams and the configured ones. */
  isWatched(key: string): boolean {
    if (matchesGlob(this.pattern, key)) return true;
    if (isDlqKey(key) && matchesGlob(this.pattern, key.slice(0, -DLQ_SUFFIX.length))) return true;
    if (this.config.dlqTopics?.includes(key)) return true;
    return Object.values(this.config.deadLetterStreams ?? {}).includes(key);
  }

  /** Where entries of `stream` are dead-lettered. */
  deadLetterKeyOf(stream: string): string {
    return this.config.deadLetterStreams?.[stream] ?? defaultDlqKey(stream);
  }

  private requireWatched(stream: string): void {
    requireName("topic", checkRedisName("topic", stream));
    if (!this.isWatched(stream)) throw notFound(`stream ${quoteName(stream)} (not among the streams this cluster watches: ${quoteName(this.pattern)})`);
  }

  /** Runs Redis work on a watched, existing stream. */
  private onStream<T>(stream: string, work: (redis: Redis) => Promise<T>): Promise<T> {
    this.requireWatched(stream);
    return this.client.run(async (redis) => {
      await requireStream(redis, stream);
      return work(redis);
    }, { stream });
  }

  /** Runs Redis work on `<stream>.<group>`, resolved against what exists. */
  onGroup<T>(id: string, work: (redis: Redis, stream: string, group: string) => Promise<T>): Promise<T> {
    requireName("group", checkRedisName("group", id));
    return this.client.run(async (redis) => {
      const { stream, group } = await resolveGroup(redis, id, (s) => this.isWatched(s));
      return work(redis, stream, group);
    });
  }

  /** Raw access for the operations of this folder (pending entries, dead-letter jobs). */
  run<T>(work: (redis: Redis) => Promise<T>, what?: { stream?: string; group?: string }): Promise<T> {
    return this.client.run(work, what);
  }

  async checkTarget(target: string): Promise<TargetCheck> {
    const byName = checkRedisName("topic", target);
    if (!byName.ok) return { ok: false, code: "invalid", reason: byName.problem };
    if (!this.isWatched(target)) return { ok: false, code: "missing", reason: `stream ${quoteName(target)} is not among the streams this cluster watches` };
    const type = String(await this.client.run((redis) => redis.type(target)));
    if (type === "stream") return { ok: true };
    if (type === "none") return { ok: false, code: "missing", reason: `stream ${quoteName(target)} does not exist (the console does not create streams)` };
    return { ok: false, code: "invalid", reason: `${quoteName(target)} is not a stream (the key holds a ${type})` };
  }

  async checkHealth(): Promise<void> {
    await this.client.run((redis) => redis.ping());
  }

  // ---------------------------------------------------------------- reads

  private async sample(keys?: string[]): Promise<{ at: number; startedAt: number; streams: StreamSample[] }> {
    return this.client.run(async (redis) => {
      const startedAt = Date.now();
      const watched = keys ?? (await scanStreamKeys(redis, this.pattern)).keys;
      const { at, streams } = await readStreams(redis, watched, Date.now, this.rules);
      return { at, startedAt, streams };
    });
  }

  async listTopics(): Promise<TopicSummary[]> {
    const { streams } = await this.sample(await this.watchedKeys());
    return streams.map((s) => ({ name: s.facts.key, partitions: 1, messages: s.facts.length, bytes: s.facts.memoryBytes }));
  }

  /** The pattern's streams and the dead-letter streams that exist beside them. */
  private async watchedKeys(): Promise<string[]> {
    return this.client.run(async (redis) => {
      const { keys } = await scanStreamKeys(redis, this.pattern);
      const extra = [...new Set([...keys.map((k) => this.deadLetterKeyOf(k)), ...(this.config.dlqTopics ?? [])])].filter((k) => !keys.includes(k));
      if (extra.length === 0) return keys;
      const pipeline = redis.pipeline();
      for (const key of extra) pipeline.type(key);
      const types = await execPipeline(pipeline);
      return [...keys, ...extra.filter((_, i) => types[i]?.[1] === "stream")].sort();
    });
  }

  async describeTopic(topic: string): Promise<TopicDetail> {
    this.requireWatched(topic);
    const { streams } = await this.client.run(async (redis) => {
      await requireStream(redis, topic);
      return readStreams(redis, [topic], Date.now, this.rules);
    }, { stream: topic });
    const stream = streams[0];
    if (!stream) throw notFound(`stream ${quoteName(topic)}`);
    // Positional: entries 0 .. length - 1 of the stream as it is now (see redis-messages.ts).
    return { name: topic, partitions: [{ partition: 0, low: 0, high: stream.facts.length, messages: stream.facts.length }], bytes: stream.facts.memoryBytes };
  }

  readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    if (query.partition !== undefined && query.partition !== 0) throw invalidInput("partition", "a Redis stream has one partition, 0");
    return this.onStream(topic, (redis) => readEntries(redis, topic, query));
  }

  scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    return this.onStream(topic, (redis) => scanEntries(redis, topic, request));
  }

  readMessagesByIds(topic: string, ids: string[]): Promise<RawMessage[]> {
    return this.onStream(topic, (redis) => readEntriesByIds(redis, topic, ids));
  }

  async listConsumerNames(): Promise<string[]> {
    return (await this.listConsumers()).map((c) => c.group);
  }

  async listConsumers(names?: string[]): Promise<ConsumerSummary[]> {
    const { at, streams } = await this.sample();
    const wanted = names ? new Set(names) : undefined;
    return streams.flatMap((s) => s.groups.map((g) => groupSummary(s, g, at))).filter((c) => !wanted || wanted.has(c.group));
  }

  describeConsumer(group: string): Promise<ConsumerDetail & { brokerFigures: RedisGroupFigures }> {
    return this.onGroup(group, async (redis, stream, name) => {
      const { at, streams } = await readStreams(redis, [stream], Date.now, this.rules);
      const g = streams[0]?.groups.find((x) => x.facts.name === name);
      if (!g) throw notFound(`consumer group ${quoteName(group)}`);
      return groupDetail(streams[0], g, at);
    });
  }

  // ---------------------------------------------------------------- writes

  publish(request: PublishRequest): Promise<PublishResult> {
    return this.publishBatch([request]).then((results) => results[0]);
  }

  /** XADD NOMKSTREAM in one pipeline: a stream that does not exist is refused, never created. */
  async publishBatch(requests: PublishRequest[]): Promise<PublishResult[]> {
    for (const request of requests) requireName("topic", checkRedisName("topic", request.topic));
    return this.client.run(async (redis) => {
      const pipeline = redis.pipeline();
      for (const request of requests) pipeline.xadd(request.topic, "NOMKSTREAM", "*", ...messageToFields(request));
      const replies = (await pipeline.exec()) ?? [];
      let failure: unknown;
      const results = requests.map((request, i) => {
        const [error, id] = replies[i] ?? [new Error("no reply"), null];
        if (error) failure ??= error;
        else if (id === null) failure ??= brokerRefused(`stream ${quoteName(request.topic)} does not exist (the console does not create streams)`);
        return { partition: 0, offset: -1, ...(id ? { id: String(id) } : {}) };
      });
      if (failure) throw failure;
      return results;
    });
  }

  offsetsAtTime(topic: string, at: Date): Promise<Map<number, number>> {
    return this.onStream(topic, async (redis) => {
      // Positional (see redis-messages.ts): how many entries come before the first at or after `at`.
      return new Map([[0, await countBefore(redis, topic, firstIdAtTime(at.getTime()))]]);
    });
  }

  countRetained(topic: string, positions: MessagePosition[]): Promise<number> {
    return this.onStream(topic, async (redis) => {
      // Only ids say which entry: a positional offset does not.
      const ids = positions.flatMap((p) => (p.id !== undefined && parseStreamId(p.id) ? [p.id] : []));
      let count = 0;
      for (let i = 0; i < ids.length; i += 1_000) {
        const pipeline = redis.pipeline();
        for (const id of ids.slice(i, i + 1_000)) pipeline.call("XRANGE", topic, id, id);
        for (const [error, reply] of await execPipeline(pipeline)) if (!error && Array.isArray(reply) && reply.length > 0) count++;
      }
      return count;
    });
  }

  deleteMessage(topic: string, _offset: number, id?: string): Promise<boolean> {
    // The offset is positional: only the id says which entry to delete.
    if (id === undefined) throw invalidInput("id", "a Redis stream entry is deleted by its id (<ms>-<seq>)");
    const entryId = requireEntryId("id", id);
    return this.onStream(topic, async (redis) => Number(await redis.xdel(topic, entryId)) > 0);
  }

  // ---------------------------------------------------------------- positions

  /**
   * A group's position in entry counts (redis-group-reset.ts): committed = the entry it delivers next
   * (length - undelivered), low 0, high the stream's length; its pending entries stay pending through
   * a reset and count in the lag after it (pendingKept). Moved in place (XGROUP SETID), consumers
   * connected or not: method "reset".
   */
  readResetPositions(group: string, scope: ResetScope): Promise<ResetPositions> {
    return this.onGroup(group, async (redis, stream, name) => {
      const at = await readGroupPosition(redis, stream, name, scope.timestamp);
      const named = [...(scope.topics ?? []), ...(scope.partitions ?? []).map((p) => p.topic)];
      const missingTopics = [...new Set(named.filter((topic) => topic !== stream))];
      const missingPartitions = (scope.partitions ?? []).filter((p) => p.topic === stream && p.partition !== 0);
      const committed = at.length - at.undelivered;
      return {
        group,
        state: at.consumers > 0 ? "Active" : "Idle",
        members: at.consumers,
        partitions: [
          {
            topic: stream,
            partition: 0,
            committed,
            low: 0,
            high: at.length,
            lag: at.undelivered + at.pending,
            ...(at.atTimestamp !== undefined ? { atTimestamp: at.atTimestamp } : {}),
            pendingKept: at.pending,
          },
        ],
        missingTopics,
        missingPartitions,
        method: "reset",
        methodNote: "XGROUP SETID moves the group's last delivered id; entries already delivered and not acknowledged stay pending.",
      };
    });
  }

  resetOffsets(group: string, request: ResetRequest): Promise<ResetOutcome> {
    return this.onGroup(group, async (redis, stream, name) => {
      const wanted = request.offsets.find((o) => o.topic === stream && o.partition === 0);
      if (!wanted) return { ok: false, code: "unsupported", reason: `no position given for stream ${quoteName(stream)}` };
      const target = await targetForPosition(redis, stream, wanted.offset);
      await resetGroup(redis, await previewGroupReset(redis, stream, name, target));
      return { ok: true, method: "reset" };
    });
  }

  // ---------------------------------------------------------------- pending entries

  readonly pendingEntries: PendingEntries = {
    list: (group, query) =>
      this.onGroup(group, (redis, stream, name) => listPending(redis, stream, name, query)),
    match: (group, criteria) =>
      this.onGroup(group, async (redis, stream, name) => ({
        matched: (await matchDeadLetterCandidates(redis, stream, name, criteria)).length,
        destination: this.deadLetterKeyOf(stream),
      })),
    deadLetter: (group, criteria, onBatch) =>
      this.onGroup(group, async (redis, stream, name) => {
        const destination = this.deadLetterKeyOf(stream);
        let stopped = false;
        const result = await deadLetterPending(redis, stream, name, destination, { ...criteria, limit: undefined }, async (batch) => {
          if (stopped) return;
          stopped = !(await onBatch({ moved: batch.moved.length, refused: batch.refused }));
          if (stopped) throw STOP;
        }).catch((error: unknown) => {
          if (error === STOP) return null;
          throw error;
        });
        return { matched: result?.matched ?? 0, moved: result?.moved ?? 0, destination };
      }),
    matchSelection: (group, selection, consumer) => {
      const checked = checkSelection(selection);
      if (consumer !== undefined) requireName("consumer", checkConsumerName(consumer));
      return this.onGroup(group, async (redis, stream, name) => ({
        matched: await countSelected(redis, stream, name, checked),
        ...(consumer !== undefined ? { consumerExists: await consumerExists(redis, stream, name, consumer) } : {}),
      }));
    },
    apply: (group, selection, action, onBatch) => {
      const checked = checkSelection(selection);
      return this.onGroup(group, (redis, stream, name) => applyToPending(redis, stream, name, checked, action, onBatch));
    },
  };

  // ---------------------------------------------------------------- sampler

  async snapshot(): Promise<ClusterSnapshot> {
    const { at, startedAt, streams } = await this.sample(await this.watchedKeys());
    const consumers: ConsumerSummary[] = [];
    for (const s of streams) {
      for (const g of s.groups) {
        const summary = groupSummary(s, g, at);
        consumers.push(summary);
        // The entry at the group's position is its oldest unacknowledged one: remember its time.
        const oldest = g.facts.pending > 0 ? g.facts.oldestPending?.id : g.oldestUndeliveredId;
        const t = oldest ? streamIdTimeMs(oldest, at) : null;
        const committed = summary.partitions[0].committed;
        if (t !== null && committed !== null) this.rememberPosition(s.facts.key, committed, t);
      }
    }
    return { at, startedAt, topics: streams.map((s) => ({ name: s.facts.key, partitions: [streamOffsets(s)], bytes: s.facts.memoryBytes })), consumers };
  }

  private rememberPosition(stream: string, committed: number, t: number): void {
    if (this.positionTimes.size >= POSITION_TIMES_KEEP) this.positionTimes.delete(this.positionTimes.keys().next().value!);
    this.positionTimes.set(`${stream}/${committed}`, t);
  }

  /** Times of the entries at group positions, from the cycles that saw them (null when none did). */
  async readOffsetTimestamps(requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
    return requests.map((r) => this.positionTimes.get(`${r.topic}/${r.offset}`) ?? null);
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.client.run(async (redis) => describeRedisServer(redis, this.client.where, (await scanStreamKeys(redis, this.pattern)).keys.length));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
