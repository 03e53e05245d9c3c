// Merges samples pushed by GET /api/v1/live into data the TanStack Query cache already holds.
// Pure: no React, no cache, no clock (the newest sample's own time is "now", so a browser clock that
// is off does not trim history wrongly). use-live-updates.ts feeds it and writes the results back.
import type { Cluster, ClustersResponse } from "@/lib/contract/clusters";
import type { LagPoint, RateHistoryResponse, RatePoint } from "@/lib/contract/common";
import type { ConsumerDetail, ConsumerHistoryResponse, ConsumersResponse } from "@/lib/contract/consumers";
import type { LiveEvent } from "@/lib/contract/system";
import type { TopicDetail, TopicsResponse } from "@/lib/contract/topics";
import { isInternalTopicName } from "@/lib/brokers/internal-topics";
import { HISTORY_POINTS_CAP, MEMORY_HISTORY_MAX_S, STORED_HISTORY_STEP_MS } from "./query-config";

/**
 * What a cached query holds, declared by the query hook in its `meta` (see liveMeta), so the merge
 * never has to guess from the shape of a key. Every target lives under ['clusters'] or
 * ['clusters', cluster]; the cluster is the events' own.
 */
export type LiveTarget =
  | { kind: "clusters" }
  | { kind: "cluster-history" }
  | { kind: "topics" }
  | { kind: "topic"; topic: string }
  | { kind: "topic-history"; topic: string }
  | { kind: "consumer-page" }
  | { kind: "consumer"; group: string }
  | { kind: "consumer-history"; group: string };

const META_KEY = "live";

/** The `meta` a query hook sets to have pushed samples merged into its data. */
export function liveMeta(target: LiveTarget): Record<string, unknown> {
  return { [META_KEY]: target };
}

/** The target a query declared in its meta, or undefined (other queries are left alone). */
export function readLiveTarget(meta: Record<string, unknown> | undefined): LiveTarget | undefined {
  const value = meta?.[META_KEY];
  if (!value || typeof value !== "object" || typeof (value as { kind?: unknown }).kind !== "string") return undefined;
  return value as LiveTarget;
}

export interface LiveMergeOptions {
  /**
   * Most points a series may grow to by appending. A series the server sent longer is never cut
   * below its own length by this cap: only the window trims what the server chose to send.
   */
  maxPoints?: number;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/**
 * One batch as it arrived (with duplicates after a reconnect, possibly out of order), made usable:
 * one event per id and per sample time, ordered by time, and nothing at or before `afterT` (what an
 * earlier flush already merged). Ids start again at 1 when the server restarts, so across batches
 * only the sample time (wall clock) is trusted.
 */
export function prepareLiveBatch(events: readonly LiveEvent[], afterT = Number.NEGATIVE_INFINITY): LiveEvent[] {
  const seenIds = new Set<number>();
  const seenTimes = new Set<number>();
  const kept: LiveEvent[] = [];
  for (const event of events) {
    if (!event || !isFiniteNumber(event.t) || event.t <= afterT) continue;
    if (seenIds.has(event.id) || seenTimes.has(event.t)) continue;
    seenIds.add(event.id);
    seenTimes.add(event.t);
    kept.push(event);
  }
  return kept.sort((a, b) => a.t - b.t);
}

/** The step below which a pushed point is skipped: none for windows from memory, 1 minute beyond. */
export function appendStepMs(windowSeconds: number): number {
  return windowSeconds > MEMORY_HISTORY_MAX_S ? STORED_HISTORY_STEP_MS : 0;
}

/**
 * `incoming` (ordered by time) appended to `points`: points at or before the last one are dropped
 * (duplicates, late arrivals), as are points closer than the window's step; then points older than
 * the window (measured back from the newest point) and beyond the cap go. Returns `points` itself
 * when nothing was appended, so an unchanged cache entry stays the same object.
 */
export function appendSeriesPoints<P extends { t: string }>(
  points: readonly P[],
  incoming: readonly P[],
  windowSeconds: number,
  options: LiveMergeOptions = {},
): P[] {
  const step = appendStepMs(windowSeconds);
  const lastT = points.length > 0 ? Date.parse(points[points.length - 1].t) : Number.NaN;
  let tail = Number.isFinite(lastT) ? lastT : Number.NEGATIVE_INFINITY;
  const added: P[] = [];
  for (const point of incoming) {
    const t = Date.parse(point.t);
    if (!Number.isFinite(t) || t <= tail || t - tail < step) continue;
    added.push(point);
    tail = t;
  }
  if (added.length === 0) return points as P[];
  const merged = [...points, ...added];
  const cutoff = tail - windowSeconds * 1000;
  let start = 0;
  while (start < merged.length && !(Date.parse(merged[start].t) >= cutoff)) start += 1;
  const cap = Math.max(options.maxPoints ?? HISTORY_POINTS_CAP, points.length);
  start = Math.max(start, merged.length - cap);
  return start === 0 ? merged : merged.slice(start);
}

const iso = (t: number) => new Date(t).toISOString();

function ratePoint(t: number, msgsPerSec: number | null, bytesPerSec: number | null): RatePoint {
  return { t: iso(t), msgsPerSec, bytesPerSec };
}

function mergeRateHistory(data: RateHistoryResponse, incoming: RatePoint[], options: LiveMergeOptions): RateHistoryResponse {
  const points = appendSeriesPoints(data.points, incoming, data.window, options);
  return points === data.points ? data : { ...data, points };
}

function countBehind(consumers: LiveEvent["consumers"]): number {
  return consumers.reduce((count, consumer) => count + (consumer.status === "WARN" || consumer.status === "ERR" ? 1 : 0), 0);
}

function mergeClusters(data: ClustersResponse, event: LiveEvent): ClustersResponse {
  const index = data.clusters.findIndex((cluster) => cluster.id === event.cluster);
  if (index < 0) return data;
  const cluster = data.clusters[index];
  // A down cluster's card shows why it is down; a late sample must not dress it up as healthy.
  if (cluster.status !== "up") return data;
  const sampledAt = cluster.sampledAt ? Date.parse(cluster.sampledAt) : Number.NaN;
  if (Number.isFinite(sampledAt) && sampledAt >= event.t) return data;
  const next: Cluster = {
    ...cluster,
    msgsPerSec: event.msgsPerSec,
    bytesPerSec: event.bytesPerSec,
    topicCount: event.topics.filter((topic) => !isInternalTopicName(topic.name)).length,
    consumerCount: event.consumers.length,
    groupsBehind: countBehind(event.consumers),
    sampledAt: iso(event.t),
  };
  const clusters = [...data.clusters];
  clusters[index] = next;
  return { ...data, clusters };
}

/** Copies `patch` over `row` when a field differs; returns `row` itself when none does. */
function patchRow<T extends object>(row: T, patch: Partial<T>): T {
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (row[key] !== patch[key]) return { ...row, ...patch };
  }
  return row;
}

function patchRows<T extends object>(rows: readonly T[], patchFor: (row: T) => Partial<T> | undefined): T[] | undefined {
  let changed = false;
  const next = rows.map((row) => {
    const patch = patchFor(row);
    if (!patch) return row;
    const patched = patchRow(row, patch);
    if (patched !== row) changed = true;
    return patched;
  });
  return changed ? next : undefined;
}

function mergeTopics(data: TopicsResponse, event: LiveEvent): TopicsResponse {
  const byName = new Map(event.topics.map((topic) => [topic.name, topic]));
  const topics = patchRows(data.topics, (row) => {
    const sampled = byName.get(row.name);
    if (!sampled) return undefined;
    return {
      msgsPerSec: sampled.msgsPerSec,
      bytesPerSec: sampled.bytesPerSec,
      // A sample without a count keeps the listed one rather than blanking it.
      ...(isFiniteNumber(sampled.messages) ? { messages: sampled.messages } : {}),
    };
  });
  return topics ? { ...data, topics } : data;
}

function mergeTopic(data: TopicDetail, event: LiveEvent, topic: string): TopicDetail {
  const sampled = event.topics.find((row) => row.name === topic);
  if (!sampled) return data;
  return patchRow(data, { msgsPerSec: sampled.msgsPerSec, bytesPerSec: sampled.bytesPerSec });
}

type ConsumerPatch = Pick<ConsumerDetail, "lag" | "lagSeconds" | "lagSecondsAtLeast" | "status" | "statusReason" | "drainSeconds" | "consumeRate">;

function consumerPatch(sampled: LiveEvent["consumers"][number]): ConsumerPatch {
  const patch: ConsumerPatch = {
    lag: sampled.lag,
    lagSeconds: sampled.lagSeconds,
    // Cleared (undefined) once the estimate is exact again.
    lagSecondsAtLeast: sampled.lagSecondsAtLeast === true ? true : undefined,
    status: sampled.status,
    statusReason: sampled.reason,
  };
  // Servers before these fields were pushed send neither: keep what the last fetch said.
  if (sampled.drainSeconds !== undefined) patch.drainSeconds = sampled.drainSeconds;
  if (sampled.consumeRate !== undefined) patch.consumeRate = sampled.consumeRate;
  return patch;
}

function mergeConsumerPage(data: ConsumersResponse, event: LiveEvent): ConsumersResponse {
  if (!Array.isArray(data.consumers)) return data;
  const byGroup = new Map(event.consumers.map((consumer) => [consumer.group, consumer]));
  const consumers = patchRows(data.consumers, (row) => {
    const sampled = byGroup.get(row.group);
    return sampled ? consumerPatch(sampled) : undefined;
  });
  return consumers ? { ...data, consumers } : data;
}

function mergeConsumer(data: ConsumerDetail, event: LiveEvent, group: string): ConsumerDetail {
  const sampled = event.consumers.find((consumer) => consumer.group === group);
  return sampled ? patchRow(data, consumerPatch(sampled)) : data;
}

function mergeConsumerHistory(
  data: ConsumerHistoryResponse,
  events: readonly LiveEvent[],
  group: string,
  options: LiveMergeOptions,
): ConsumerHistoryResponse {
  const incoming: LagPoint[] = [];
  for (const event of events) {
    const sampled = event.consumers.find((consumer) => consumer.group === group);
    if (sampled) incoming.push({ t: iso(event.t), lag: sampled.lag, lagSeconds: sampled.lagSeconds });
  }
  // Partition series are not in the pushed samples; they are refetched (see historyPollMs).
  const points = appendSeriesPoints(data.points, incoming, data.window, options);
  return points === data.points ? data : { ...data, points };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The cached `data` of a query declaring `target`, with a prepared batch (see prepareLiveBatch) of
 * one cluster's samples merged in. History series get every sample's point; lists and single
 * records take the newest sample (each sample is a full snapshot). Returns `data` itself when
 * nothing changed; data of an unexpected shape is returned untouched.
 */
export function mergeLiveEvents(
  target: LiveTarget,
  data: unknown,
  events: readonly LiveEvent[],
  options: LiveMergeOptions = {},
): unknown {
  if (events.length === 0 || !isObject(data)) return data;
  const newest = events[events.length - 1];
  switch (target.kind) {
    case "clusters":
      return Array.isArray(data.clusters) ? mergeClusters(data as unknown as ClustersResponse, newest) : data;
    case "cluster-history":
      if (!Array.isArray(data.points) || !isFiniteNumber(data.window)) return data;
      return mergeRateHistory(
        data as unknown as RateHistoryResponse,
        events.map((event) => ratePoint(event.t, event.msgsPerSec, event.bytesPerSec)),
        options,
      );
    case "topics":
      return Array.isArray(data.topics) ? mergeTopics(data as unknown as TopicsResponse, newest) : data;
    case "topic":
      return mergeTopic(data as unknown as TopicDetail, newest, target.topic);
    case "topic-history": {
      if (!Array.isArray(data.points) || !isFiniteNumber(data.window)) return data;
      const incoming: RatePoint[] = [];
      for (const event of events) {
        const sampled = event.topics.find((topic) => topic.name === target.topic);
        if (sampled) incoming.push(ratePoint(event.t, sampled.msgsPerSec, sampled.bytesPerSec));
      }
      return mergeRateHistory(data as unknown as RateHistoryResponse, incoming, options);
    }
    case "consumer-page":
      return mergeConsumerPage(data as unknown as ConsumersResponse, newest);
    case "consumer":
      return mergeConsumer(data as unknown as ConsumerDetail, newest, target.group);
    case "consumer-history":
      if (!Array.isArray(data.points) || !isFiniteNumber(data.window)) return data;
      return mergeConsumerHistory(data as unknown as ConsumerHistoryResponse, events, target.group, options);
    default:
      return data;
  }
}
