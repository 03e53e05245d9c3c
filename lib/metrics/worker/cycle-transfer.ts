import type { ClusterSnapshot, ConsumerSummary } from "@/lib/brokers/types";
import { runToEnd } from "@/lib/event-loop/run-in-slices";
import type { CycleFigures, GroupFigures, PartitionFigures, TopicFigures } from "../derive-cycle";

// How one sampling cycle crosses from the sampler worker to the HTTP thread, without a structured
// clone of 60,000 group-partition objects each cycle (which would be the same garbage and the same
// pauses the worker exists to avoid). Per topic and per group the headline figures the lists need
// travel as small plain objects. A topic's partitions (10,000 small rows in all) travel as one JSON
// string per topic, parsed on the HTTP thread only when a route reads them. A group's partitions and
// members do not travel at all: the group detail asks the worker for that one group (scopedCycle).
// The first design sent them as JSON strings too: 17.7 MB a cycle at 60,000 group-partitions, whose
// copy and collection held the HTTP thread for 0.3-2 s at a load average of 20. At 1,000 topics and
// 2,000 groups a cycle is now ~5,000 small objects and ~1,000 strings. Pure; round trip unit-tested.

export interface TransferredTopic {
  name: string;
  bytes: number | null;
  subjects?: string[];
  messages: number | null;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  /** The figures' partitions (the snapshot's, each with msgsPerSec), JSON. */
  partitions: string;
}

export interface TransferredGroup {
  /** The snapshot's consumer without partitions and memberDetails. */
  consumer: Omit<ConsumerSummary, "partitions">;
  figures: Omit<GroupFigures, "partitions">;
}

export interface TransferredCycle {
  at: number;
  startedAt?: number;
  t: number;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  topics: TransferredTopic[];
  groups: TransferredGroup[];
}

/** The cycle's figures and the snapshot they came from, as sent to the HTTP thread. */
export function encodeCycle(figures: CycleFigures, snapshot: ClusterSnapshot): TransferredCycle {
  const topics: TransferredTopic[] = [];
  for (const topic of snapshot.topics) {
    const derived = figures.topics.get(topic.name);
    topics.push({
      name: topic.name,
      bytes: topic.bytes,
      ...(topic.subjects ? { subjects: topic.subjects } : {}),
      messages: derived?.messages ?? null,
      msgsPerSec: derived?.msgsPerSec ?? null,
      bytesPerSec: derived?.bytesPerSec ?? null,
      // The figures' partitions are the snapshot's plus msgsPerSec: one string serves both.
      partitions: JSON.stringify(derived?.partitions ?? topic.partitions.map((p) => ({ ...p, msgsPerSec: null }))),
    });
  }
  const groups: TransferredGroup[] = [];
  for (const consumer of snapshot.consumers) {
    const { partitions: _partitions, memberDetails: _members, ...summary } = consumer as ConsumerSummary & { memberDetails?: unknown };
    const derived = figures.groups.get(consumer.group);
    groups.push({ consumer: summary, figures: derived ? groupSummary(derived) : ({ group: consumer.group } as Omit<GroupFigures, "partitions">) });
  }
  return {
    at: snapshot.at,
    ...(snapshot.startedAt !== undefined ? { startedAt: snapshot.startedAt } : {}),
    t: figures.t,
    msgsPerSec: figures.msgsPerSec,
    bytesPerSec: figures.bytesPerSec,
    topics,
    groups,
  };
}

/** Defines `key` on `target` as JSON parsed on first read (then a plain value). */
function lazyJson<T extends object>(target: T, key: string, json: string, transform?: (value: unknown) => unknown): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const parsed = transform ? transform(JSON.parse(json)) : JSON.parse(json);
      Object.defineProperty(target, key, { value: parsed, enumerable: true, configurable: true, writable: true });
      return parsed;
    },
    set(value: unknown) {
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

/**
 * The prototype of a mirrored group and consumer: their partitions stay in the worker, and reading
 * them here is a mistake to hear about at once, not an empty list to show.
 */
const IN_WORKER = Object.freeze(
  Object.create(Object.prototype, {
    partitions: {
      get() {
        throw new Error("a group's partitions stay in the sampler worker: ask for them with SamplerView.scoped({ group })");
      },
    },
  }),
);

/** A snapshot partition is a figures partition without its rate. */
const withoutRates = (value: unknown) => (value as (Record<string, unknown> & { msgsPerSec?: unknown })[]).map(({ msgsPerSec: _rate, ...p }) => p);

/** The figures and snapshot again, on the HTTP thread (in one go: tests). */
export function decodeCycle(cycle: TransferredCycle): { figures: CycleFigures; snapshot: ClusterSnapshot } {
  return runToEnd(decodeCycleSteps(cycle));
}

/**
 * The same, yielding every few hundred topics or groups so the HTTP thread can run it in slices
 * (runInSlices): even the headline figures of 3,000 topics and groups are tens of milliseconds of
 * wall time on a loaded machine. A topic's partitions parse when first read.
 */
export function* decodeCycleSteps(cycle: TransferredCycle): Generator<void, { figures: CycleFigures; snapshot: ClusterSnapshot }> {
  const topicFigures = new Map<string, TopicFigures>();
  const snapshotTopics: ClusterSnapshot["topics"] = [];
  let count = 0;
  for (const topic of cycle.topics) {
    const figures = { name: topic.name, messages: topic.messages, msgsPerSec: topic.msgsPerSec, bytesPerSec: topic.bytesPerSec } as TopicFigures;
    lazyJson(figures, "partitions", topic.partitions);
    topicFigures.set(topic.name, figures);
    const snapshotTopic = { name: topic.name } as ClusterSnapshot["topics"][number];
    lazyJson(snapshotTopic, "partitions", topic.partitions, withoutRates);
    snapshotTopic.bytes = topic.bytes;
    if (topic.subjects) snapshotTopic.subjects = topic.subjects;
    snapshotTopics.push(snapshotTopic);
    if (++count % STEP === 0) yield;
  }
  const groupFigures = new Map<string, GroupFigures>();
  const consumers: ConsumerSummary[] = [];
  for (const group of cycle.groups) {
    groupFigures.set(group.figures.group, Object.assign(Object.create(IN_WORKER), group.figures));
    consumers.push(Object.assign(Object.create(IN_WORKER), group.consumer));
    if (++count % STEP === 0) yield;
  }
  return {
    figures: { t: cycle.t, msgsPerSec: cycle.msgsPerSec, bytesPerSec: cycle.bytesPerSec, topics: topicFigures, groups: groupFigures },
    snapshot: { at: cycle.at, ...(cycle.startedAt !== undefined ? { startedAt: cycle.startedAt } : {}), topics: snapshotTopics, consumers },
  };
}

/** Topics or groups decoded between two chances to yield. */
const STEP = 200;

/** What a detail route reads of one topic or group: the latest cycle reduced to it, partitions and all. */
export interface ScopedCycle {
  figures: CycleFigures;
  snapshot: ClusterSnapshot;
}

export type Scope = { topic: string } | { group: string };

/** The cycle reduced to one topic or group (a few kB to send), with everything per partition. */
export function scopedCycle(figures: CycleFigures, snapshot: ClusterSnapshot, scope: Scope): ScopedCycle {
  const topic = "topic" in scope ? scope.topic : undefined;
  const group = "group" in scope ? scope.group : undefined;
  const topicFigures = topic !== undefined ? figures.topics.get(topic) : undefined;
  const groupFigures = group !== undefined ? figures.groups.get(group) : undefined;
  return {
    figures: {
      t: figures.t,
      msgsPerSec: figures.msgsPerSec,
      bytesPerSec: figures.bytesPerSec,
      topics: new Map(topicFigures ? [[topicFigures.name, topicFigures]] : []),
      groups: new Map(groupFigures ? [[groupFigures.group, groupFigures]] : []),
    },
    snapshot: {
      at: snapshot.at,
      ...(snapshot.startedAt !== undefined ? { startedAt: snapshot.startedAt } : {}),
      topics: snapshot.topics.filter((candidate) => candidate.name === topic),
      consumers: snapshot.consumers.filter((candidate) => candidate.group === group),
    },
  };
}

export type { PartitionFigures };

/**
 * A group's figures without its partitions, field by field: a group's partitions are built when read
 * (derive-cycle.ts), so reading them here (a rest pattern naming them does) would build all of them.
 */
function groupSummary(group: GroupFigures): Omit<GroupFigures, "partitions"> {
  const { group: name, lag, lagSeconds, lagSecondsAtLeast, status, detail, reason, consumeRate, drainSeconds } = group;
  return { group: name, lag, lagSeconds, ...(lagSecondsAtLeast ? { lagSecondsAtLeast } : {}), status, detail, reason, consumeRate, drainSeconds };
}
