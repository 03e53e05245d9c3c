import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Consumer, Kafka, Producer } from "kafkajs";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";

const topic = uniqueName("it-rate");
const group = uniqueName("it-rate-group");
const RATE = 40; // messages per second produced

let kafka: Kafka;
let producer: Producer;
let consumer: Consumer | undefined;
let producing = true;
const config = { id: "it-sampler", name: "IT", kind: "kafka" as const, brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 };
const connector = new KafkaConnector(config);
const bus = new LiveBus();
const sampler = new ClusterSampler(config, bus, { connector: () => connector, onSuccess: () => {}, onFailure: () => {} });

async function produceSteadily() {
  let sent = 0;
  const started = Date.now();
  while (producing) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE) - sent;
    if (due > 0) {
      await producer.send({ topic, messages: Array.from({ length: due }, (_, i) => ({ value: `m-${sent + i}` })) });
      sent += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  producer = kafka.producer();
  await producer.connect();
  void produceSteadily();
  consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitInterval: 500, eachMessage: async () => undefined });
  sampler.start();
}, 120_000);

afterAll(async () => {
  producing = false;
  sampler.stop();
  await consumer?.disconnect();
  await producer?.disconnect();
  await connector.close();
});

describe("the sampler against real Kafka", () => {
  it("measures the produced rate within 10 %", async () => {
    // Let the rate window fill with steady traffic, then read it.
    await waitFor(async () => sampler.cycles >= 8, 30_000, "eight sampling cycles");
    const measured = sampler.latest!.topics.get(topic)!.msgsPerSec!;
    expect(measured).toBeGreaterThan(RATE * 0.9);
    expect(measured).toBeLessThan(RATE * 1.1);
    expect(bus.since(0).some((event) => event.topics.some((t) => t.name === topic))).toBe(true);
  });

  it("keeps a consuming group OK, then sees it STOP or STALL when its consumer stops, with lag seconds growing", async () => {
    const healthy = await waitFor(async () => {
      const figures = sampler.latest?.groups.get(group);
      return figures && figures.status === "OK" ? figures : undefined;
    }, 30_000, "the group to be OK");
    expect(healthy.lag).toBeLessThan(RATE * 2);

    await consumer!.disconnect();
    consumer = undefined;
    const stuck = await waitFor(async () => {
      const figures = sampler.latest?.groups.get(group);
      return figures && figures.status === "ERR" ? figures : undefined;
    }, 40_000, "the group to become ERR");
    expect(["STOP", "STALL"]).toContain(stuck.detail);
    expect(stuck.reason.length).toBeGreaterThan(0);
    const before = stuck.lagSeconds!;
    const cyclesBefore = sampler.cycles;
    await waitFor(async () => sampler.cycles >= cyclesBefore + 3, 20_000, "three more cycles");
    const after = sampler.latest!.groups.get(group)!;
    expect(after.lagSeconds!).toBeGreaterThan(before + 1.5);
    expect(after.lag).toBeGreaterThan(stuck.lag);
  });

  it("takes a snapshot with one Metadata request, no coordinator lookup per group once known, and batched offset fetches", async () => {
    // Every request of every kafkajs client passes through Connection.prototype.send; only this
    // connector's connections (its client id) are counted, not the sampler running alongside.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    type Send = (this: { clientId?: string }, arg: { request: { apiName: string } }) => Promise<unknown>;
    const Connection = require("kafkajs/src/network/connection") as { prototype: { send: Send } };
    const original = Connection.prototype.send;
    const counts: Record<string, number> = {};
    const fresh = new KafkaConnector({ ...config, id: "it-sampler-requests" });
    try {
      await fresh.snapshot(); // connects and learns the coordinators
      Connection.prototype.send = function (arg) {
        if (this.clientId === "eventscope-it-sampler-requests") counts[arg.request.apiName] = (counts[arg.request.apiName] ?? 0) + 1;
        return original.call(this, arg);
      };
      const snapshot = await fresh.snapshot();
      Connection.prototype.send = original;
      expect(snapshot.consumers.some((c) => c.group === group)).toBe(true);
      expect(counts.Metadata ?? 0).toBe(1);
      expect(counts.GroupCoordinator ?? 0).toBe(0);
      expect(counts.DescribeGroups ?? 0).toBeLessThanOrEqual(KAFKA_BROKERS.length);
      // Kafka 3.0+ (OffsetFetch v8): committed offsets of up to 500 groups per request.
      expect(counts.OffsetFetch ?? 0).toBeLessThanOrEqual(Math.ceil(snapshot.consumers.length / 500) * KAFKA_BROKERS.length);
      // The same committed offsets as kafkajs's own one-group OffsetFetch.
      const admin = kafka.admin();
      await admin.connect();
      try {
        const own = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        const sampled = snapshot.consumers.find((c) => c.group === group)!;
        for (const p of own[0].partitions) {
          const committed = Number(p.offset) < 0 ? null : Number(p.offset);
          expect(sampled.partitions.find((q) => q.topic === topic && q.partition === p.partition)?.committed ?? null).toBe(committed);
        }
      } finally {
        await admin.disconnect();
      }
    } finally {
      Connection.prototype.send = original;
      await fresh.close();
    }
  });
});
