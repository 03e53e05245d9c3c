import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { AckPolicy } from "@nats-io/jetstream";
import type { BrokerConnector } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { jsonInit } from "../support/routes";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Topic list, topic detail and group detail answer from the sampler's latest snapshot once there is
// one (lib/clusters/snapshot-listings.ts), with exactly the figures the broker gives, and no broker
// call from the route (counted on the routes' own connector, a real one, wrapped to count). Before
// the first cycle they ask the broker without waiting for the cycle; after the console changes the cluster (an offset reset here) they ask the broker again
// until a cycle has seen the change. Real Kafka and NATS throughout; the sampler is driven by hand.
const { cleanup } = useTempConsoleEnv("eventscope-snapshot-listings-", {
  clusters: [
    { id: "k", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "n", name: "NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});

const topic = uniqueName("it-snap");
const group = uniqueName("it-snap-group");
const tag = uniqueName("snap").replace(/-/g, "_").toLowerCase();
const STREAM = `IT_SNAP_${tag}`.toUpperCase();
const DURABLE = "worker";
let kafka: Kafka;
let nats: Awaited<ReturnType<typeof connectNats>>;
let routes: Record<string, any>;
let registry: typeof import("@/lib/clusters/registry");
let samplers: typeof import("@/lib/metrics/samplers");
let changes: typeof import("@/lib/clusters/cluster-changes");
const drivenSamplers: Record<string, import("@/lib/metrics/sampler").ClusterSampler> = {};
const connectorCalls: Record<string, string[]> = {};

/** Wraps every method of the routes' connector so that each call is recorded (and still made). */
function countCalls(connector: BrokerConnector, calls: string[]): void {
  const target = connector as unknown as Record<string, unknown>;
  const names = new Set([...Object.keys(target), ...Object.getOwnPropertyNames(Object.getPrototypeOf(connector))]);
  for (const name of names) {
    const method = target[name];
    if (name === "constructor" || typeof method !== "function") continue;
    target[name] = (...args: unknown[]) => {
      calls.push(name);
      return (method as (...a: unknown[]) => unknown).apply(connector, args);
    };
  }
}

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "1" }, { partition: 1, offset: "3" }] });
  await admin.disconnect();

  nats = await connectNats();
  await nats.jsm.streams.add({ name: STREAM, subjects: [`${tag}.>`] });
  for (let i = 0; i < 6; i++) await nats.js.publish(`${tag}.orders`, `m${i}`);
  await nats.jsm.consumers.add(STREAM, { durable_name: DURABLE, ack_policy: AckPolicy.Explicit });

  routes = {
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    topic: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
    reset: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/reset/route"),
  };
  registry = await import("@/lib/clusters/registry");
  samplers = await import("@/lib/metrics/samplers");
  changes = await import("@/lib/clusters/cluster-changes");
  const { ClusterSampler } = await import("@/lib/metrics/sampler");
  for (const id of ["k", "n"]) {
    const config: ClusterConfig = (await registry.getCluster(id)).config;
    connectorCalls[id] = [];
    countCalls(registry.connectorFor(config), connectorCalls[id]);
    // Registered like a running sampler, but its cycles are run by the tests (no timer).
    const sampler = new ClusterSampler(config, samplers.liveBus(), {
      connector: () => registry.samplingConnectorFor(config),
      onSuccess: () => undefined,
      onFailure: (error) => console.error(error),
    });
    samplers.adoptSampler(config, sampler);
    drivenSamplers[id] = sampler;
  }
}, 120_000);

afterAll(async () => {
  samplers?.stopSamplers();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.deleteGroups([group]).catch(() => undefined);
  await admin.disconnect();
  await nats?.jsm.streams.delete(STREAM).catch(() => undefined);
  await nats?.nc.close();
  for (const id of ["k", "n"]) await registry?.forgetCluster(id);
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

/** The route's answer and the routes' connector calls it made. */
async function measured(cluster: string, handler: any, path: string, params: Record<string, string>) {
  connectorCalls[cluster].length = 0;
  const answer = await call(handler, path, params);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return { body: answer.body, calls: [...connectorCalls[cluster]] };
}

const topicList = (cluster: string) => measured(cluster, routes.topics.GET, `/api/v1/clusters/${cluster}/topics`, { cluster });
const topicDetail = (cluster: string, name: string) => measured(cluster, routes.topic.GET, `/api/v1/clusters/${cluster}/topics/${name}`, { cluster, topic: name });
const groupDetail = (cluster: string, name: string) =>
  measured(cluster, routes.consumer.GET, `/api/v1/clusters/${cluster}/consumers/${encodeURIComponent(name)}`, { cluster, group: name });
const entryOf = (body: { topics: { name: string }[] }, name: string) => body.topics.find((entry) => entry.name === name);
/** The age of the oldest unconsumed message grows with the clock: compared apart. */
const withoutAges = (body: { partitions: Record<string, unknown>[] }) => ({
  ...body,
  partitions: body.partitions.map(({ oldestUnconsumedAgeSeconds, ...rest }) => ({ ...rest, hasAge: oldestUnconsumedAgeSeconds !== null })),
});

describe("listings before the first sampling cycle", () => {
  it("are answered by the broker while the first cycle is still under way, with the fields of API.md", async () => {
    // The first cycle is held at its start (its connector's snapshot waits for the gate), as a long
    // first cycle on a big cluster would be; the routes do not wait for it. (At scale the routes
    // also use connections of their own: registry.samplingConnectorFor; see bench/server.ts.)
    const config = (await registry.getCluster("k")).config;
    const sampling = registry.samplingConnectorFor(config);
    expect(sampling).not.toBe(registry.connectorFor(config));
    const snapshot = sampling.snapshot.bind(sampling);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    sampling.snapshot = async () => {
      await gate;
      return snapshot();
    };
    const firstCycle = drivenSamplers.k.sampleOnce();

    const list = await topicList("k");
    expect(list.calls).toContain("listTopics");
    expect(entryOf(list.body, topic)).toMatchObject({ name: topic, partitions: 2, messages: 10, msgsPerSec: null });
    const detail = await groupDetail("k", group);
    expect(detail.calls).toContain("describeConsumer");
    expect(detail.body.partitions.map((p: { committed: number; lag: number }) => [p.committed, p.lag])).toEqual([[1, 4], [3, 2]]);
    expect(drivenSamplers.k.cycles).toBe(0);
    expect(drivenSamplers.k.latestSnapshot).toBeUndefined();

    open();
    await firstCycle;
    sampling.snapshot = snapshot;
    expect(drivenSamplers.k.cycles).toBe(1);
  });
});

describe("listings once the sampler has a snapshot", () => {
  it("answer from it without a broker call, with exactly the broker's figures (Kafka)", async () => {
    await drivenSamplers.k.sampleOnce();
    expect(drivenSamplers.k.latestSnapshot).toBeDefined();

    const list = await topicList("k");
    const detail = await topicDetail("k", topic);
    expect(list.calls).toEqual([]);
    expect(detail.calls).toEqual([]);
    const group1 = await groupDetail("k", group);
    // The snapshot lacks only the ages of the oldest unconsumed messages: at most one batched read
    // (none here: the broker-path request above already read them at these offsets).
    expect(group1.calls.filter((name) => name !== "readOffsetTimestamps")).toEqual([]);
    const group2 = await groupDetail("k", group);
    expect(group2.calls).toEqual([]);

    // The same requests answered by the broker (a change by the console makes the snapshot stale).
    changes.markClusterChanged("k");
    const fromBroker = { list: await topicList("k"), detail: await topicDetail("k", topic), group: await groupDetail("k", group) };
    expect(fromBroker.list.calls).toContain("listTopics");
    expect(fromBroker.detail.calls).toContain("describeTopic");
    expect(fromBroker.group.calls).toContain("describeConsumer");
    expect(entryOf(list.body, topic)).toEqual(entryOf(fromBroker.list.body, topic));
    expect(entryOf(list.body, topic)).toMatchObject({ partitions: 2, messages: 10 });
    expect(list.body.topics.map((t: { name: string }) => t.name)).toEqual([...list.body.topics.map((t: { name: string }) => t.name)].sort((a: string, b: string) => a.localeCompare(b)));
    expect(detail.body).toEqual(fromBroker.detail.body);
    expect(withoutAges(group2.body)).toEqual(withoutAges(fromBroker.group.body));
    expect(group2.body.partitions.every((p: { oldestUnconsumedAgeSeconds: number | null }) => typeof p.oldestUnconsumedAgeSeconds === "number")).toBe(true);

    // A cycle after the change: from the snapshot again.
    await drivenSamplers.k.sampleOnce();
    expect((await topicList("k")).calls).toEqual([]);
  });

  it("answer from it without a broker call (JetStream), subjects and consumer included", async () => {
    await drivenSamplers.n.sampleOnce();
    const detail = await topicDetail("n", STREAM);
    const consumer = await groupDetail("n", `${STREAM}.${DURABLE}`);
    const list = await topicList("n");
    expect(detail.calls).toEqual([]);
    expect(list.calls).toEqual([]);
    expect(consumer.calls.filter((name) => name !== "readOffsetTimestamps")).toEqual([]);
    expect(detail.body).toMatchObject({ name: STREAM, subjects: [`${tag}.>`], partitions: [{ partition: 0, low: 1, high: 7, messages: 6 }] });
    expect(consumer.body).toMatchObject({ group: `${STREAM}.${DURABLE}`, lag: 6 });

    changes.markClusterChanged("n");
    expect(detail.body).toEqual((await topicDetail("n", STREAM)).body);
    expect(withoutAges(consumer.body)).toEqual(withoutAges((await groupDetail("n", `${STREAM}.${DURABLE}`)).body));
    expect(entryOf(list.body, STREAM)).toEqual(entryOf((await topicList("n")).body, STREAM));
  });

  it("answer from the last snapshot while the next cycle is under way, and agree with the broker", async () => {
    // Issue 17 item 1: a request never waits for a cycle. The next cycle is held in its broker
    // reads (as a cycle of several seconds at scale would be); every listing answers meanwhile, from
    // the previous snapshot, without a broker call, with the broker's own figures.
    await drivenSamplers.k.sampleOnce();
    const cyclesBefore = drivenSamplers.k.cycles;
    const config = (await registry.getCluster("k")).config;
    const sampling = registry.samplingConnectorFor(config);
    const snapshot = sampling.snapshot.bind(sampling);
    let entered!: () => void;
    const inCycle = new Promise<void>((resolve) => (entered = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    sampling.snapshot = async () => {
      entered();
      await gate;
      return snapshot();
    };
    const heldCycle = drivenSamplers.k.sampleOnce();
    try {
      await inCycle;
      const list = await topicList("k");
      const detail = await topicDetail("k", topic);
      const groups = await measured("k", routes.consumers.GET, `/api/v1/clusters/k/consumers?q=${encodeURIComponent(group)}`, { cluster: "k" });
      const consumer = await groupDetail("k", group);
      expect(drivenSamplers.k.cycles).toBe(cyclesBefore); // still held: answered mid-cycle
      expect([...list.calls, ...detail.calls, ...groups.calls]).toEqual([]);
      expect(consumer.calls.filter((name) => name !== "readOffsetTimestamps")).toEqual([]);

      changes.markClusterChanged("k"); // the same requests, answered by the broker
      expect(entryOf(list.body, topic)).toEqual(entryOf((await topicList("k")).body, topic));
      expect(detail.body).toEqual((await topicDetail("k", topic)).body);
      const fromBroker = await groupDetail("k", group);
      expect(fromBroker.calls).toContain("describeConsumer");
      expect(withoutAges(consumer.body)).toEqual(withoutAges(fromBroker.body));
      const groupOf = (body: { consumers: { group: string; lag: number }[] }) => body.consumers.find((c) => c.group === group);
      const groupsFromBroker = await measured("k", routes.consumers.GET, `/api/v1/clusters/k/consumers?q=${encodeURIComponent(group)}`, { cluster: "k" });
      expect(groupOf(groups.body)?.lag).toBe(groupOf(groupsFromBroker.body)?.lag);
    } finally {
      open();
      await heldCycle;
      sampling.snapshot = snapshot;
    }
    expect(drivenSamplers.k.cycles).toBe(cyclesBefore + 1);
  });

  it("answer from a snapshot older than three intervals while cycles are slower than the interval", async () => {
    // A loaded machine or a huge cluster: cycles of 15-24 s at a 5 s interval (bench/server.ts,
    // 2026-12-07). The last snapshot is then always past three intervals, and listings must not all
    // go to the broker (lib/clusters/listing-freshness.ts); with quick cycles the same age is stale.
    await drivenSamplers.k.sampleOnce();
    const sampler = drivenSamplers.k;
    const snapshot = sampler.latestSnapshot as { at: number };
    const saved = { at: snapshot.at, lastCycleMs: sampler.lastCycleMs };
    try {
      snapshot.at = Date.now() - sampler.intervalMs * 4;
      sampler.lastCycleMs = sampler.intervalMs * 3;
      const slow = await topicList("k");
      expect(slow.calls).toEqual([]);
      expect(entryOf(slow.body, topic)).toMatchObject({ partitions: 2, messages: 10 });
      sampler.lastCycleMs = 100;
      expect((await topicList("k")).calls).toContain("listTopics");
    } finally {
      snapshot.at = saved.at;
      sampler.lastCycleMs = saved.lastCycleMs;
    }
  });

  it("ask the broker for what the snapshot does not hold (a topic created since, an unknown one)", async () => {
    await drivenSamplers.k.sampleOnce();
    const later = uniqueName("it-snap-later");
    await createTopic(kafka, later, 3);
    const detail = await topicDetail("k", later);
    expect(detail.calls).toContain("describeTopic");
    expect(detail.body.partitions).toHaveLength(3);
    const unknown = await call(routes.topic.GET, `/api/v1/clusters/k/topics/${later}-nope`, { cluster: "k", topic: `${later}-nope` });
    expect(unknown.status).toBe(404);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [later] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("show an offset reset made through the console at once, not the snapshot from before it", async () => {
    await drivenSamplers.k.sampleOnce();
    expect((await groupDetail("k", group)).calls).toEqual([]); // from the snapshot: offsets 1 and 3
    const reset = await call(
      routes.reset.POST,
      `/api/v1/clusters/k/consumers/${encodeURIComponent(group)}/reset`,
      { cluster: "k", group },
      jsonInit("POST", { to: "earliest", topics: [topic] }),
    );
    expect(reset.status).toBe(200);
    expect(reset.body.applied).toBe(true);
    const after = await groupDetail("k", group);
    expect(after.body.partitions.map((p: { committed: number; lag: number }) => [p.committed, p.lag])).toEqual([[0, 5], [0, 5]]);
    const list = await measured("k", routes.consumers.GET, `/api/v1/clusters/k/consumers?q=${encodeURIComponent(group)}`, { cluster: "k" });
    expect(list.body.consumers.find((c: { group: string }) => c.group === group)?.lag).toBe(10);
  });
});
