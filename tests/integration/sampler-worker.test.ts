import { threadId } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { deriveCycle, newCommitTracker } from "@/lib/metrics/derive-cycle";
import type { LagPoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { LiveBus, type LiveEvent } from "@/lib/metrics/live-bus";
import { createSeriesBook } from "@/lib/metrics/sampler";
import { SamplerHost } from "@/lib/metrics/worker/sampler-host";
import { samplerWorkerScript } from "@/lib/metrics/worker/worker-script";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";

// The sampler in its worker thread, on the real shared Kafka: the HTTP thread's mirror must hold the
// figures the in-thread derivation gives for the same snapshot, the live stream must be fed, and
// history must be answered by the worker's book.

const topic = uniqueName("it-worker");
const group = uniqueName("it-worker-group");
const config = { id: uniqueName("it-worker-cluster"), name: "IT worker", kind: "kafka" as const, brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 };
// Sampled once a minute: the first test sees the worker's first cycle and nothing after it.
const slow = { ...config, id: uniqueName("it-worker-once"), samplingIntervalMs: 60_000 };
let kafka: Kafka;
let host: SamplerHost | undefined;
const bus = new LiveBus();
const events: LiveEvent[] = [];
bus.subscribe((event) => events.push(event));

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 3);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ value: `m-${i}`, partition: i % 3 })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  // 7 of 10 read on every partition: lag 3 each.
  await admin.setOffsets({ groupId: group, topic, partitions: [0, 1, 2].map((partition) => ({ partition, offset: "7" })) });
  await admin.disconnect();
  const script = await samplerWorkerScript();
  expect(script, "the worker bundle is built from the sources outside production").toBeDefined();
  host = new SamplerHost(script!, { bus });
}, 120_000);

afterAll(() => host?.stop());

describe("the sampler worker", () => {
  it("derives in its own thread and mirrors exactly what in-thread derivation gives for the same snapshot", async () => {
    const mirror = host!.sync([slow]).get(slow.id)!;
    await waitFor(async () => mirror.cycles >= 1, 60_000, "the first cycle");
    expect(mirror.cycles).toBe(1);
    const figures = mirror.latest!;
    const snapshot = mirror.latestSnapshot!;
    expect(snapshot.at).toBe(figures.t);
    // The worker's first cycle started from an empty book (and read no message timestamps: it had
    // missed none yet); so does this one, in this thread, on the worker's own snapshot of the group
    // and its topic (scoped: the mirror holds groups without partitions).
    const scoped = (await mirror.scoped({ group }))!;
    const scopedTopic = (await mirror.scoped({ topic }))!;
    expect(scoped.snapshot.at).toBe(snapshot.at);
    expect(scopedTopic.snapshot.at).toBe(snapshot.at);
    const here = deriveCycle(createSeriesBook(slow.samplingIntervalMs), { ...scoped.snapshot, topics: scopedTopic.snapshot.topics }, newCommitTracker(), { intervalMs: slow.samplingIntervalMs });
    expect(scoped.figures.groups.get(group)).toEqual(here.groups.get(group));
    const { partitions: _partitions, ...headline } = here.groups.get(group)!;
    expect({ ...figures.groups.get(group) }).toEqual(headline);
    expect(figures.topics.get(topic)).toEqual(here.topics.get(topic));
    const sampled = scoped.figures.groups.get(group)!;
    expect(sampled.lag).toBe(9);
    expect(sampled.partitions.map((p) => [p.partition, p.committed, p.high, p.lag])).toEqual([
      [0, 7, 10, 3],
      [1, 7, 10, 3],
      [2, 7, 10, 3],
    ]);
    expect(figures.topics.get(topic)?.messages).toBe(30);
    // The live stream on this thread got the cycle.
    await waitFor(async () => events.some((event) => event.cluster === slow.id && event.consumers.some((c) => c.group === group && c.lag === 9)), 30_000, "a live event");
    // The figures did not come from this thread: there is no book here to have derived them.
    expect(threadId).toBe(0);
    expect("book" in mirror).toBe(false);
    expect(() => figures.groups.get(group)!.partitions).toThrow(/sampler worker/);
  }, 90_000);

  it("answers history from the worker's book, and /api/metrics text from its figures", async () => {
    const mirror = host!.sync([config]).get(config.id)!;
    await waitFor(async () => mirror.cycles >= 3, 60_000, "three cycles");
    const history = (await mirror.history({ kind: "group", group, from: Date.now() - 5 * 60_000 })) as HistoryAnswer<LagPoint>;
    expect(history.points.length).toBeGreaterThanOrEqual(2);
    expect(history.points.at(-1)?.lag).toBe(9);
    expect(history.partitions?.map((p) => p.partition)).toEqual([0, 1, 2]);
    const text = await host!.metrics({ [config.id]: true }, { rssBytes: 123, loopDelay: { p50Ms: 1, p99Ms: 2, maxMs: 3 } });
    expect(text).toContain(`kafka_consumergroup_group_sum_lag{cluster_name="${config.id}",group="${group}"} 9`);
    expect(text).toContain(`eventscope_cluster_up{cluster_name="${config.id}",kind="kafka"} 1`);
    expect(text).toContain("eventscope_process_resident_memory_bytes{} 123");
    // The worker adds its own heap (its isolate's, not the HTTP thread's) to the threads it is told of.
    const heaps = await host!.metrics({}, { rssBytes: 1, loopDelay: { p50Ms: 0, p99Ms: 0, maxMs: 0 }, heaps: [{ thread: "http", usedBytes: 5, totalBytes: 6 }] });
    expect(heaps).toContain('eventscope_heap_bytes{thread="http",kind="used"} 5');
    expect(Number(/eventscope_heap_bytes\{thread="sampler",kind="used"\} (\d+)/.exec(heaps)?.[1])).toBeGreaterThan(1_000_000);
  }, 90_000);

  it("stops sampling a cluster it is no longer given, and rejects questions about it", async () => {
    host!.sync([]);
    await expect(host!.request({ type: "history", cluster: config.id, query: { kind: "cluster", from: 0 } })).rejects.toThrow(/not sampled/);
  });
});
