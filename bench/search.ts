// Server-side message search throughput: 1,000,000 JSON messages of about 300 bytes in a Kafka topic
// of 4 partitions (bench broker) and in a JetStream stream, searched for a needle that is nowhere,
// so every message is scanned. The figure is messages scanned per second of the whole search call
// (lib/search/search-messages.ts: connect, describe, fetch, byte pre-filter, cursor), as the route
// runs it minus HTTP. Target (PRODUCT.md): at least 100,000 messages scanned per second.
//
//   npm run bench -- search
//
// env: BENCH_SEARCH_COUNT (default 1000000), BENCH_SEARCH_ONLY=kafka|nats, BENCH_SEARCH_RUNS (default 3),
//      BENCH_KAFKA_BROKERS (default 127.0.0.1:19092, the bench broker), BENCH_NATS_SERVERS.
// Topics/streams are named bench-search-* / bench_search_* and deleted at the end.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { int, loadAverage, median, printHeader, printResult, table } from "./lib/common";

const COUNT = Number(process.env.BENCH_SEARCH_COUNT ?? 1_000_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 3);
const PARTITIONS = 4;
const KAFKA = (process.env.BENCH_KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
const NATS = process.env.BENCH_NATS_SERVERS ?? "nats://127.0.0.1:4222";
const NEEDLE = "no-such-needle-zq9";
const TARGET = 100_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-bench-search-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;

// A masking-capable actor (no clear values): the search reads the masking rules like a real request.
const actor = { canSeeClearValues: false };

/** ~300 bytes of JSON, varied enough that compression or caching of identical bodies cannot help. */
function payload(index: number): string {
  return JSON.stringify({
    id: `evt-${index}`,
    type: "order.created",
    at: new Date(1_767_225_600_000 + index * 1000).toISOString(),
    customer: { id: `cust-${index % 9973}`, name: `Customer ${index % 9973}`, tier: ["gold", "silver", "bronze"][index % 3] },
    items: [{ sku: `SKU-${index % 541}`, qty: 1 + (index % 5), price: (index % 997) / 10 }],
    note: "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.",
  });
}

async function timeSearches(kind: string, connector: import("../lib/brokers/types").BrokerConnector, topic: string) {
  const { searchMessages } = await import("../lib/search/search-messages");
  const query = { q: NEEDLE, limit: 50, scanLimit: 10_000_000 };
  // Warm-up: connections, metadata, JIT.
  await searchMessages(connector, topic, { ...query, scanLimit: 20_000 }, actor);
  const rates: number[] = [];
  const rows: (string | number)[][] = [];
  for (let run = 1; run <= RUNS; run++) {
    const load = loadAverage();
    const started = performance.now();
    // A generous time budget so the whole topic is scanned and the rate is the steady one.
    const result = await searchMessages(connector, topic, query, actor, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const rate = result.scanned / seconds;
    rates.push(rate);
    rows.push([run, int(result.scanned), seconds.toFixed(2), int(Math.round(rate)), result.stoppedBy, load]);
  }
  // What one request with the default 10 s budget gets through.
  const budgeted = await searchMessages(connector, topic, { q: NEEDLE, limit: 50, scanLimit: 1_000_000 }, actor);
  console.log(`### ${kind}: full scan for a needle that is not there (${int(COUNT)} messages)\n`);
  console.log(table(["run", "scanned", "seconds", "msg/s", "stoppedBy", "load avg at start"], rows));
  const med = median(rates);
  console.log(`\nmedian ${int(Math.round(med))} msg/s (target >= ${int(TARGET)}: ${med >= TARGET ? "met" : "NOT met"})`);
  console.log(`default request (scanLimit 1,000,000, 10 s budget): scanned ${int(budgeted.scanned)}, stoppedBy ${budgeted.stoppedBy}\n`);
  return { kind, count: COUNT, medianMsgPerSec: Math.round(med), rates: rates.map(Math.round), defaultRequest: { scanned: budgeted.scanned, stoppedBy: budgeted.stoppedBy } };
}

async function benchKafka() {
  const kafka = new Kafka({ clientId: "bench-search", brokers: KAFKA, logLevel: logLevel.NOTHING });
  const topic = `bench-search-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  const { KafkaConnector } = await import("../lib/brokers/kafka/kafka-connector");
  const { kafkaClusterSchema } = await import("../lib/config/schema");
  const connector = new KafkaConnector(kafkaClusterSchema.parse({ id: "bench", name: "bench", kind: "kafka", brokers: KAFKA }));
  try {
    const producer = kafka.producer();
    await producer.connect();
    const started = performance.now();
    // 8,000 per send: 2,000 per partition, one record batch of ~650 KB each (under message.max.bytes).
    for (let start = 0; start < COUNT; start += 8_000) {
      const n = Math.min(8_000, COUNT - start);
      await producer.send({ topic, acks: 1, messages: Array.from({ length: n }, (_, j) => ({ partition: (start + j) % PARTITIONS, key: `order-${start + j}`, value: payload(start + j) })) });
    }
    await producer.disconnect();
    console.log(`Kafka: produced ${int(COUNT)} messages to ${topic} (${PARTITIONS} partitions) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await timeSearches("Kafka", connector, topic);
  } finally {
    await connector.close().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function benchNats() {
  const nc = await connect({ servers: NATS });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = `bench_search_${randomUUID().slice(0, 8)}`;
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  const { NatsConnector } = await import("../lib/brokers/nats/nats-connector");
  const { natsClusterSchema } = await import("../lib/config/schema");
  const connector = new NatsConnector(natsClusterSchema.parse({ id: "bench-nats", name: "bench nats", kind: "nats", servers: [NATS] }));
  try {
    const started = performance.now();
    for (let start = 0; start < COUNT; start += 2_000) {
      const n = Math.min(2_000, COUNT - start);
      await Promise.all(Array.from({ length: n }, (_, j) => js.publish(`${stream}.orders.${(start + j) % 16}`, payload(start + j))));
    }
    console.log(`JetStream: published ${int(COUNT)} messages to ${stream} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await timeSearches("JetStream", connector, stream);
  } finally {
    await connector.close().catch(() => undefined);
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
  }
}

async function main() {
  printHeader("search: messages scanned per second, needle absent (full scan)");
  const only = process.env.BENCH_SEARCH_ONLY;
  const results = [];
  if (only !== "nats") results.push(await benchKafka());
  if (only !== "kafka") results.push(await benchNats());
  printResult("search", results);
  const { disconnectDb } = await import("../lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
