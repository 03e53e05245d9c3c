import type { ClusterSnapshot } from "@/lib/brokers/types";
import type { ConsumerSummary, PartitionLag } from "@/lib/brokers/types";
import type { CommitTimestamps } from "./commit-timestamps";
import { estimateDrainSeconds, evaluateWindow, fallingBehind, windowReason, type GroupRates, type GroupStatus, type PartitionStatus } from "./evaluate-lag-status";
import { FLAG_LAG_AT_LEAST, FLAG_WAITING, GroupPartitionState, SlotWindow, STATUS, STATUS_NAMES, type StatusCode } from "./group-partition-state";
import { runInSlices, runToEnd } from "@/lib/event-loop/run-in-slices";
import type { SeriesBook } from "./ring-series";
import { keys } from "./series-keys";

// One sampling cycle, from a broker snapshot to the figures operators see. Pure apart from writing
// into the SeriesBook it is given, so it is tested with hand-made snapshots.
//
// At 10,000 partitions and 60,000 group-partitions a cycle is tens of milliseconds of work: written
// as a generator that yields after each topic and each group, the server runs it in slices of a few
// ms (deriveCycleInSlices) so that requests are answered between them, instead of waiting for the
// whole cycle. What one group-partition costs is kept small: lag seconds walk the log-end series back
// without building points, and not at all when the commit is older than everything remembered.

export const RATE_SAMPLES = 4;
export const STATUS_WINDOW_SAMPLES = 10;
/** Group consume and produce rates (status, drain estimate) span this long: commits come in bursts. */
export const GROUP_RATE_WINDOW_MS = 60_000;

/** Samples a group's consume and produce rates are taken over: its one-minute window. */
export function groupRateSampleCount(intervalMs: number): number {
  return Math.max(RATE_SAMPLES, Math.round(GROUP_RATE_WINDOW_MS / intervalMs) + 1);
}

export interface TopicFigures {
  name: string;
  messages: number | null;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  partitions: { partition: number; low: number; high: number; messages: number; msgsPerSec: number | null }[];
}

export interface PartitionFigures {
  topic: string;
  partition: number;
  committed: number | null;
  high: number;
  lag: number;
  lagSeconds: number | null;
  /** True when the commit is older than the sampler's history: the lag is at least `lagSeconds`. */
  lagSecondsAtLeast?: boolean;
  status: PartitionStatus;
  reason: string;
}

export interface GroupFigures {
  group: string;
  lag: number;
  lagSeconds: number | null;
  /** True when the worst partition's lag seconds is a lower bound (history shorter than the lag). */
  lagSecondsAtLeast?: boolean;
  status: GroupStatus;
  detail: PartitionStatus;
  reason: string;
  consumeRate: number | null;
  drainSeconds: number | null;
  partitions: PartitionFigures[];
}

export interface CycleFigures {
  t: number;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  topics: Map<string, TopicFigures>;
  groups: Map<string, GroupFigures>;
}

/** What the sampler keeps per group-partition from cycle to cycle (commit windows, latest figures). */
export type CommitTracker = GroupPartitionState;
export const newCommitTracker = (): CommitTracker => new GroupPartitionState();

type DeriveOptions = { intervalMs: number; commitTimes?: CommitTimestamps };

/** One cycle in one go (tests, sampling on read). */
export function deriveCycle(book: SeriesBook, snapshot: ClusterSnapshot, commits: CommitTracker, options: DeriveOptions): CycleFigures {
  return runToEnd(deriveCycleSteps(book, snapshot, commits, options));
}

/** The same cycle, giving the event loop a turn every few milliseconds (the server's sampler). */
export function deriveCycleInSlices(book: SeriesBook, snapshot: ClusterSnapshot, commits: CommitTracker, options: DeriveOptions): Promise<CycleFigures> {
  return runInSlices(deriveCycleSteps(book, snapshot, commits, options));
}

/**
 * Per topic of the cycle, per partition (in the snapshot's order): its log-end series key, its
 * history bounds (oldest time, oldest value, smallest value: is a commit older than everything
 * remembered?) and its produce rate over the group window, computed once for every group reading it.
 */
interface TopicIndex {
  highKeys: string[];
  /** Index in the arrays below by partition number. */
  position: Map<number, number>;
  bounds: Float64Array;
  /** NaN: not computed yet this cycle; -1: unknown (null). */
  windowRate: Float64Array;
}

const STATUS_SEVERITY = [0, 1, 2, 3, 3, 4]; // by status code: UNKNOWN, OK, WARN, STALL, REWIND, STOP

function* deriveCycleSteps(book: SeriesBook, snapshot: ClusterSnapshot, state: CommitTracker, options: DeriveOptions): Generator<void, CycleFigures> {
  const t = snapshot.at;
  options.commitTimes?.startCycle();
  book.beginSample(t);
  state.beginCycle();
  const phase = state.phase;
  const caches = cachesOf(book);
  const topics = new Map<string, TopicFigures>();
  let clusterRate: number | null = null;
  let clusterBytes: number | null = null;
  const topicIndex = new Map<string, TopicIndex>();
  const bounds = { oldestT: Number.NaN, oldestValue: Number.NaN, min: Number.NaN };

  for (const topic of snapshot.topics) {
    let totalHigh = 0;
    const highKeys = highKeysOf(caches.highKeys, topic.name, topic.partitions);
    const index: TopicIndex = {
      highKeys,
      position: new Map(),
      bounds: new Float64Array(topic.partitions.length * 3),
      windowRate: new Float64Array(topic.partitions.length).fill(Number.NaN),
    };
    // Rates in an array; the partitions' objects are built only when read (topicFigures).
    const rates = new Float64Array(topic.partitions.length);
    topic.partitions.forEach((p, i) => {
      const highKey = highKeys[i];
      book.set(highKey, p.high);
      totalHigh += p.high;
      rates[i] = book.rateOver(highKey, RATE_SAMPLES) ?? Number.NaN;
      book.oldestAndMin(highKey, bounds);
      index.bounds[i * 3] = bounds.oldestT;
      index.bounds[i * 3 + 1] = bounds.oldestValue;
      index.bounds[i * 3 + 2] = bounds.min;
      index.position.set(p.partition, i);
    });
    topicIndex.set(topic.name, index);
    book.set(keys.topicHigh(topic.name), totalHigh);
    const msgsPerSec = book.rateOver(keys.topicHigh(topic.name), RATE_SAMPLES);
    let bytesPerSec: number | null = null;
    if (topic.bytes !== null) {
      book.set(keys.topicBytes(topic.name), topic.bytes);
      // Sizes shrink when retention deletes segments: growth only, never a negative throughput.
      bytesPerSec = book.growthRateOver(keys.topicBytes(topic.name), RATE_SAMPLES);
    }
    if (msgsPerSec !== null) {
      book.set(keys.topicRate(topic.name), msgsPerSec);
      clusterRate = (clusterRate ?? 0) + msgsPerSec;
    }
    if (bytesPerSec !== null) {
      book.set(keys.topicByteRate(topic.name), bytesPerSec);
      clusterBytes = (clusterBytes ?? 0) + bytesPerSec;
    }
    const messages = topic.partitions.reduce((sum, p) => sum + p.messages, 0);
    topics.set(topic.name, topicFigures({ name: topic.name, messages, msgsPerSec, bytesPerSec }, topic.partitions, rates));
    yield;
  }
  if (clusterRate !== null) book.set(keys.clusterRate(), clusterRate);
  if (clusterBytes !== null) book.set(keys.clusterByteRate(), clusterBytes);
  if (caches.highKeys.size > topicIndex.size) for (const name of caches.highKeys.keys()) if (!topicIndex.has(name)) caches.highKeys.delete(name);

  const groups = new Map<string, GroupFigures>();
  const groupRateSamples = groupRateSampleCount(options.intervalMs);
  // However few commits a partition's window holds yet (after a start), it is not STOP before this much silence.
  const minStopMs = options.intervalMs * STATUS_WINDOW_SAMPLES;
  const cursor = new SlotWindow(state);
  const estimate = { seconds: Number.NaN, atLeast: false };
  for (const consumer of snapshot.consumers) {
    let consumeRate: number | null = null;
    let produceRate: number | null = null;
    const names = groupKeys(caches.groups, consumer);
    const slots = names.slots;
    // Per group-partition: numbers into the state's arrays, no object and no string (the reasons are
    // worded only for the group's worst partition here, and for every partition when a page asks).
    for (let i = 0; i < consumer.partitions.length; i++) {
      const p = consumer.partitions[i];
      const commitKey = names.commit[i];
      const slot = state.slotAgain(slots[i], commitKey);
      slots[i] = slot;
      const topic = topicIndex.get(p.topic);
      const at = topic?.position.get(p.partition) ?? -1;
      const highKey = at >= 0 ? topic!.highKeys[at] : keys.partitionHigh(p.topic, p.partition);
      // Lag is read back as high - committed; only partitions where that is not the lag (no commit
      // yet, or a commit below the log start) keep a lag series of their own.
      if (p.committed === null || p.high - p.committed !== p.lag) book.set(keys.partitionLag(consumer.group, p.topic, p.partition), p.lag);
      let code: StatusCode = STATUS.UNKNOWN;
      if (p.committed !== null) {
        book.set(commitKey, p.high - p.committed); // the distance behind: 32 bits hold it (series-keys)
        state.observeCommit(slot, t, p.committed, p.lag);
        code = evaluateWindow(state.window(slot, cursor), t, p.lag, minStopMs);
        state.lastCommitAt[slot] = cursor.t(cursor.length - 1);
      } else {
        state.lastCommitAt[slot] = Number.NaN;
      }
      partitionLagSeconds(book, highKey, p.committed, p.lag, t, topic && at >= 0 ? topic.bounds : undefined, at * 3, estimate);
      if (p.committed !== null && p.lag > 0 && (estimate.atLeast || Number.isNaN(estimate.seconds))) {
        // The history does not reach back to the commit: the message's own timestamp, when read.
        const read = options.commitTimes?.lagSeconds(consumer.group, p.topic, p.partition, p.committed, t, Number.isNaN(estimate.seconds) ? 0 : estimate.seconds, p.lag, commitKey);
        if (read !== undefined) {
          estimate.seconds = read;
          estimate.atLeast = false;
        }
      }
      state.lagSeconds[slot * 2 + phase] = estimate.seconds;
      state.flags[slot * 2 + phase] = estimate.atLeast ? FLAG_LAG_AT_LEAST : 0;
      state.status[slot * 2 + phase] = code;
      const commitRate = book.differenceRateOver(highKey, commitKey, groupRateSamples);
      if (commitRate !== null) consumeRate = (consumeRate ?? 0) + commitRate;
      let highRate = Number.NaN;
      if (topic && at >= 0) {
        highRate = topic.windowRate[at];
        if (Number.isNaN(highRate)) topic.windowRate[at] = highRate = book.rateOver(highKey, groupRateSamples) ?? -1;
      } else {
        highRate = book.rateOver(highKey, groupRateSamples) ?? -1;
      }
      if (highRate >= 0) produceRate = (produceRate ?? 0) + highRate;
    }
    const lagBefore = book.oldestOfLast(names.groupLag, groupRateSamples - 1);
    const verdict = judgeGroup(state, consumer, names, phase, t, minStopMs, cursor, { lag: consumer.lag, consumeRate, produceRate, lagBefore: Number.isNaN(lagBefore) ? null : lagBefore });
    // The group is as far behind as its furthest partition; no lag means 0 s whatever the partitions say.
    let lagSeconds: number | null = consumer.lag === 0 ? 0 : null;
    let lagSecondsAtLeast = false;
    if (consumer.lag > 0) {
      for (let i = 0; i < consumer.partitions.length; i++) {
        const seconds = state.lagSeconds[slots[i] * 2 + phase];
        if (Number.isNaN(seconds) || (lagSeconds !== null && seconds <= lagSeconds)) continue;
        lagSeconds = seconds;
        lagSecondsAtLeast = (state.flags[slots[i] * 2 + phase] & FLAG_LAG_AT_LEAST) !== 0;
      }
    }
    book.set(names.groupLag, consumer.lag);
    if (lagSeconds !== null) book.set(names.groupLagSeconds, lagSeconds);
    groups.set(
      consumer.group,
      groupFigures(consumer, slots, state, phase, t, minStopMs, {
        group: consumer.group,
        lag: consumer.lag,
        lagSeconds,
        ...(lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
        status: verdict.groupStatus,
        detail: verdict.status,
        reason: verdict.reason,
        consumeRate,
        drainSeconds: estimateDrainSeconds(consumer.lag, consumeRate, produceRate),
      }),
    );
    yield;
  }
  if (caches.groups.size > groups.size) for (const group of caches.groups.keys()) if (!groups.has(group)) caches.groups.delete(group);
  state.endCycle();
  options.commitTimes?.retain(state);
  book.pruneStale();
  return { t, msgsPerSec: clusterRate, bytesPerSec: clusterBytes, topics, groups };
}

/**
 * A topic's figures, its partitions (the snapshot's, each with its rate) built when first read (a
 * topic's page, the worker's transfer): 10,000 objects a cycle at 10,000 partitions otherwise, kept
 * for a cycle and so promoted to the old generation, then collected there.
 */
function topicFigures(summary: Omit<TopicFigures, "partitions">, partitions: ClusterSnapshot["topics"][number]["partitions"], rates: Float64Array): TopicFigures {
  return Object.defineProperty(summary as TopicFigures, "partitions", {
    enumerable: true,
    configurable: true,
    get() {
      const built = partitions.map((p, i) => ({ ...p, msgsPerSec: Number.isNaN(rates[i]) ? null : rates[i] }));
      Object.defineProperty(summary, "partitions", { value: built, enumerable: true, configurable: true, writable: true });
      return built;
    },
  });
}

/**
 * The group's status from its partitions' (evaluateGroupStatus's rules, over the state's arrays): a
 * STOP partition of a group that keeps committing elsewhere is only waiting (WARN); the worst
 * partition decides, unless the group consumes slower than it is written. Rewrites the partitions'
 * final status codes; words only the one reason the group shows.
 */
function judgeGroup(
  state: GroupPartitionState,
  consumer: ConsumerSummary,
  names: GroupKeys,
  phase: number,
  now: number,
  minStopMs: number,
  cursor: SlotWindow,
  rates: GroupRates,
): { groupStatus: GroupStatus; status: PartitionStatus; reason: string } {
  const count = consumer.partitions.length;
  if (count === 0) return { status: "UNKNOWN", reason: "no partitions", groupStatus: "UNKNOWN" };
  const slots = names.slots;
  let newestCommit = -Infinity;
  for (let i = 0; i < count; i++) {
    const slot = slots[i];
    const at = state.lastCommitAt[slot];
    if (state.status[slot * 2 + phase] !== STATUS.STOP && !Number.isNaN(at) && at > newestCommit) newestCommit = at;
  }
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const slot = slots[i];
    const at = state.lastCommitAt[slot];
    if (state.status[slot * 2 + phase] === STATUS.STOP && !Number.isNaN(at) && newestCommit > at) {
      state.status[slot * 2 + phase] = STATUS.WARN;
      state.flags[slot * 2 + phase] |= FLAG_WAITING;
    }
    if (STATUS_SEVERITY[state.status[slot * 2 + phase]] > STATUS_SEVERITY[state.status[slots[worst] * 2 + phase]]) worst = i;
  }
  const worstCode = state.status[slots[worst] * 2 + phase];
  const worstStatus = STATUS_NAMES[worstCode];
  const worded = () => partitionReason(state, consumer.partitions[worst], slots[worst], phase, now, minStopMs, cursor);
  if (STATUS_SEVERITY[worstCode] >= STATUS_SEVERITY[STATUS.STALL]) return { status: worstStatus, reason: worded(), groupStatus: "ERR" };
  const behind = fallingBehind(rates);
  if (behind) return { status: "WARN", reason: behind, groupStatus: "WARN" };
  const groupStatus: GroupStatus = worstStatus === "OK" ? "OK" : worstStatus === "WARN" ? "WARN" : "UNKNOWN";
  return { status: worstStatus, reason: worded(), groupStatus };
}

/** The words of one group-partition's status, as of the cycle that wrote `phase`. */
function partitionReason(state: GroupPartitionState, p: PartitionLag, slot: number, phase: number, now: number, minStopMs: number, cursor: SlotWindow): string {
  const label = `${p.topic} partition ${p.partition}`;
  if (p.committed === null) return `${label}: no commit yet; ${p.lag} message${p.lag === 1 ? "" : "s"} waiting`;
  evaluateWindow(state.window(slot, cursor), now, p.lag, minStopMs, label);
  const reason = windowReason();
  return (state.flags[slot * 2 + phase] & FLAG_WAITING) !== 0
    ? `${reason}; the group keeps committing on its other partitions, so its consumers are busy with them`
    : reason;
}

/**
 * A group's figures, its partitions built when read (a group's detail page, the metrics text, the
 * history route): the cycle itself keeps nothing per group-partition but numbers in the state.
 */
function groupFigures(
  consumer: ConsumerSummary,
  slots: Int32Array,
  state: GroupPartitionState,
  phase: number,
  now: number,
  minStopMs: number,
  summary: Omit<GroupFigures, "partitions">,
): GroupFigures {
  return Object.defineProperty(summary as GroupFigures, "partitions", {
    enumerable: true,
    get: () => {
      const cursor = new SlotWindow(state);
      return consumer.partitions.map((p, i): PartitionFigures => {
        const slot = slots[i];
        const seconds = state.lagSeconds[slot * 2 + phase];
        const figures: PartitionFigures = {
          ...p,
          lagSeconds: Number.isNaN(seconds) ? null : seconds,
          status: STATUS_NAMES[state.status[slot * 2 + phase]],
          reason: partitionReason(state, p, slot, phase, now, minStopMs, cursor),
        };
        if ((state.flags[slot * 2 + phase] & FLAG_LAG_AT_LEAST) !== 0) figures.lagSecondsAtLeast = true;
        return figures;
      });
    },
  });
}

/** A group's series keys, one per partition in the snapshot's order, and the state slots of the last cycle. */
interface GroupKeys {
  topics: string[];
  partitions: number[];
  commit: string[];
  slots: Int32Array;
  groupLag: string;
  groupLagSeconds: string;
}

interface BookCaches {
  /** Each group's keys, kept from cycle to cycle while the group's partitions stay the same. */
  groups: Map<string, GroupKeys>;
  /** Each topic's log-end series keys by partition (shared by every group reading it). */
  highKeys: Map<string, string[]>;
}

/** Per SeriesBook (one per cluster): 60,000 group-partitions were 240,000 new strings a cycle otherwise. */
const bookCaches = new WeakMap<SeriesBook, BookCaches>();

function cachesOf(book: SeriesBook): BookCaches {
  let caches = bookCaches.get(book);
  if (!caches) bookCaches.set(book, (caches = { groups: new Map(), highKeys: new Map() }));
  return caches;
}

function highKeysOf(cache: Map<string, string[]>, topic: string, partitions: readonly { partition: number }[]): string[] {
  const cached = cache.get(topic);
  if (cached && cached.length === partitions.length && partitions.every((p, i) => cached[i] === undefined || cached[i].endsWith(`\u0000${p.partition}`))) return cached;
  const fresh = partitions.map((p) => keys.partitionHigh(topic, p.partition));
  cache.set(topic, fresh);
  return fresh;
}

function groupKeys(cache: Map<string, GroupKeys>, consumer: ConsumerSummary): GroupKeys {
  const { group, partitions } = consumer;
  const cached = cache.get(group);
  if (cached && cached.topics.length === partitions.length && partitions.every((p, i) => p.topic === cached.topics[i] && p.partition === cached.partitions[i])) {
    return cached;
  }
  const fresh: GroupKeys = {
    topics: partitions.map((p) => p.topic),
    partitions: partitions.map((p) => p.partition),
    commit: partitions.map((p) => keys.committed(group, p.topic, p.partition)),
    slots: new Int32Array(partitions.length),
    groupLag: keys.groupLag(group),
    groupLagSeconds: keys.groupLagSeconds(group),
  };
  cache.set(group, fresh);
  return fresh;
}

/**
 * Lag seconds of one partition into `into` (NaN: unknown), reading the log-end history back only as
 * far as the committed offset (SeriesBook.lagSecondsBackInto). 0 whenever the lag is 0 (also when
 * the commit is below the log start and nothing is left). A commit below every remembered log end
 * (a stopped consumer) is "at least" the age of the oldest point, known from the partition's bounds
 * without a walk.
 */
function partitionLagSeconds(
  book: SeriesBook,
  highKey: string,
  committed: number | null,
  lag: number,
  now: number,
  bounds: Float64Array | undefined,
  at: number,
  into: { seconds: number; atLeast: boolean },
): void {
  into.atLeast = false;
  if (committed === null) {
    into.seconds = Number.NaN;
    return;
  }
  if (lag === 0) {
    into.seconds = 0;
    return;
  }
  if (bounds && committed < bounds[at + 2]) {
    into.seconds = Math.max(0, (now - bounds[at]) / 1000);
    into.atLeast = true;
    return;
  }
  book.lagSecondsBackInto(highKey, committed, now, into);
}
