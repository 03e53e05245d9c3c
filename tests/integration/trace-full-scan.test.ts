import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call } from "../support/routes";
import { bearer } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Issue 12 item 4: the trace reads what the topics retain (server-side scan, newest first, within its
// time budget), not only the newest 1,000 messages of each, and says how far back it read.
const { cleanup } = useTempConsoleEnv("eventscope-trace-scan-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});

const topic = uniqueName("it-trace-scan");
const stream = uniqueName("IT_TRACE_SCAN").replace(/-/g, "_");
const OLD_ID = `order-${uniqueName("old")}`;
const NATS_ID = `order-${uniqueName("nats")}`;
let kafka: Kafka;
let route: typeof import("@/app/api/v1/trace/route");

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  const producer = kafka.producer();
  await producer.connect();
  // 6,000 messages per partition; the wanted event is the 101st of partition 0, 5,899 behind its end.
  for (const partition of [0, 1]) {
    for (let batch = 0; batch < 6; batch++) {
      await producer.send({
        topic,
        messages: Array.from({ length: 1_000 }, (_, i) => {
          const n = batch * 1_000 + i;
          const id = partition === 0 && n === 100 ? OLD_ID : `order-filler-${partition}-${n}`;
          return { partition, key: id, value: JSON.stringify({ id, amount: n }) };
        }),
      });
    }
  }
  await producer.disconnect();

  const { nc, jsm, js } = await connectNats();
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  const acks = [];
  for (let n = 0; n < 3_000; n++) acks.push(js.publish(`${stream}.orders`, JSON.stringify({ data: { order_id: n === 4 ? NATS_ID : `filler-${n}` } })));
  await Promise.all(acks);
  await nc.close();
  route = await import("@/app/api/v1/trace/route");
}, 180_000);

afterAll(async () => {
  const { nc, jsm } = await connectNats();
  await jsm.streams.delete(stream).catch(() => undefined);
  await nc.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  cleanup();
});

const trace = (id: string, scope: string) => call(route.GET, `/api/v1/trace?id=${encodeURIComponent(id)}&${scope}&budgetMs=20000`, {}, { headers: bearer() });

describe("trace over everything a topic retains", () => {
  it("finds an event id thousands of messages behind the newest 1,000 of a Kafka topic, and says it read the whole topic", async () => {
    const answer = await trace(OLD_ID, `cluster=local-kafka&topic=${encodeURIComponent(topic)}`);
    expect(answer.status).toBe(200);
    const result = answer.body;
    expect(result.hits).toEqual([expect.objectContaining({ where: "topic", cluster: "local-kafka", topic, partition: 0, offset: 100, matchedBy: expect.any(String) })]);
    expect(result.outcome).toBe("published");
    expect(result.scanned).toBe(12_000);
    expect(result.truncated).toBe(false);
    const coverage = result.sources.find((source: { source: string }) => source.source === "topics").coverage;
    expect(coverage).toEqual([
      expect.objectContaining({
        cluster: "local-kafka",
        topic,
        scanned: 12_000,
        complete: true,
        partitions: [
          expect.objectContaining({ partition: 0, low: 0, high: 6_000, from: 0, fromTime: expect.any(String) }),
          expect.objectContaining({ partition: 1, low: 0, high: 6_000, from: 0 }),
        ],
      }),
    ]);
  });

  it("finds one in a JetStream stream far behind its newest 1,000 messages", async () => {
    const answer = await trace(NATS_ID, `cluster=local-nats&topic=${encodeURIComponent(stream)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.hits).toEqual([expect.objectContaining({ where: "topic", cluster: "local-nats", topic: stream, offset: 5, matchedBy: "json:$.data.order_id" })]);
    expect(answer.body.scanned).toBe(3_000);
  });

  it("streams each hit with the progress lines as it is found, before the result", async () => {
    const { body } = await call(route.GET, `/api/v1/trace?id=${encodeURIComponent(OLD_ID)}&cluster=local-kafka&topic=${encodeURIComponent(topic)}&stream=1`, {}, { headers: bearer() });
    const lines = (body as string).trim().split("\n").map((line) => JSON.parse(line));
    const streamed = lines.filter((line) => line.type === "progress").flatMap((line) => line.found ?? []);
    expect(streamed).toEqual([expect.objectContaining({ where: "topic", topic, partition: 0, offset: 100 })]);
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { hits: [expect.objectContaining({ offset: 100 })] } });
  });
});
