import { afterAll, describe, expect, it } from "vitest";
import { AckPolicy } from "@nats-io/jetstream";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { NatsConnector } from "@/lib/brokers/nats/nats-connector";
import type { BrokerConnector } from "@/lib/brokers/types";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";

// Issue 12 item 3: lag time must not be capped by the console's uptime. A group whose commit is far
// older than anything a fresh sampler remembers gets its lag time from the timestamp of the message at
// its committed offset, within one sampling interval, not "at least <uptime>".

const connectors: BrokerConnector[] = [];
afterAll(async () => {
  for (const connector of connectors) await connector.close();
});

function freshSampler(connector: BrokerConnector, config: ConstructorParameters<typeof ClusterSampler>[0]) {
  connectors.push(connector);
  return new ClusterSampler(config, new LiveBus(), { connector: () => connector, onSuccess: () => undefined, onFailure: () => undefined });
}

describe("lag time from the message at the committed offset", () => {
  it("Kafka: a commit at messages written two hours ago reads as two hours behind on a fresh sampler's second cycle", async () => {
    const kafka = testKafka();
    const topic = uniqueName("it-lagtime");
    const group = uniqueName("it-lagtime-group");
    await createTopic(kafka, topic, 2);
    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1]) {
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `old-${i}`, timestamp: String(twoHoursAgo + partition * 600_000 + i * 1000) })),
      });
    }
    await producer.send({ topic, messages: [{ partition: 0, value: "new" }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    // Partition 0 committed at offset 3 (written at twoHoursAgo + 3 s), partition 1 at 8 (+ 10 min 8 s).
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "3" }, { partition: 1, offset: "8" }] });
    await admin.disconnect();

    const config = { id: "it-lagtime", name: "IT", kind: "kafka" as const, brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 };
    const sampler = freshSampler(new KafkaConnector(config), config);
    const first = (await sampler.sampleOnce())!.groups.get(group)!;
    // The first cycle knows only "now": at least 0 s, as before.
    expect(first.lagSecondsAtLeast).toBe(true);
    const second = (await sampler.sampleOnce())!.groups.get(group)!;
    const expected = (Date.now() - (twoHoursAgo + 3_000)) / 1000;
    expect(second.lagSecondsAtLeast).toBeUndefined();
    expect(second.lagSeconds!).toBeGreaterThan(expected - 30);
    expect(second.lagSeconds!).toBeLessThan(expected + 30);
    const p1 = second.partitions.find((p) => p.partition === 1)!;
    expect(p1.lagSeconds!).toBeCloseTo((Date.now() - (twoHoursAgo + 608_000)) / 1000, -2);
    expect(p1.lagSecondsAtLeast).toBeUndefined();
    // Kept while the commit does not move: a third cycle needs no read and still knows it.
    const third = (await sampler.sampleOnce())!.groups.get(group)!;
    expect(third.lagSeconds!).toBeGreaterThan(expected - 30);
  });

  it("JetStream: a consumer's ack floor older than the sampler reads the stored message's time", async () => {
    const { nc, jsm, js } = await connectNats();
    const stream = uniqueName("IT_LAGTIME").replace(/-/g, "_");
    try {
      await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
      for (let i = 0; i < 6; i++) await js.publish(`${stream}.a`, `m${i}`);
      await jsm.consumers.add(stream, { durable_name: "slow", ack_policy: AckPolicy.Explicit });
      const consumer = await js.consumers.get(stream, "slow");
      for (let i = 0; i < 2; i++) (await consumer.next())!.ack();
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const stored = await jsm.streams.getMessage(stream, { seq: 3 });
      const config = { id: "it-lagtime-nats", name: "IT", kind: "nats" as const, servers: NATS_SERVERS, samplingIntervalMs: 1000 };
      const sampler = freshSampler(new NatsConnector(config), config);
      await sampler.sampleOnce();
      const group = (await sampler.sampleOnce())!.groups.get(`${stream}.slow`)!;
      expect(group.lagSecondsAtLeast).toBeUndefined();
      expect(group.lagSeconds!).toBeGreaterThan((Date.now() - stored!.time.getTime()) / 1000 - 2);
      expect(group.lagSeconds!).toBeGreaterThanOrEqual(4);
    } finally {
      await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
  });
});
