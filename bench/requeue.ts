// DLQ requeue throughput: 100,000 messages in a Kafka DLQ topic and in a JetStream DLQ stream are
// requeued by the real job executor (lib/dlq/requeue-job.ts) at an unlimited rate; then every
// message on the target is read back to count losses and duplicates by requeue id.
// Targets (PRODUCT.md): Kafka >= 5,000 msg/s, JetStream >= 2,000 msg/s, 0 lost, 0 duplicated.
//
//   npm run bench -- requeue
//
// env: BENCH_REQUEUE_COUNT (default 100000), BENCH_REQUEUE_ONLY=kafka|nats, BENCH_KAFKA_BROKERS
//      (default 127.0.0.1:19092, the bench broker), BENCH_NATS_SERVERS (default nats://127.0.0.1:4222).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { connect, headers as natsHeaders } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";

const COUNT = Number(process.env.BENCH_REQUEUE_COUNT ?? 100_000);
// The separate bench broker, like the other Kafka benchmarks (bench/lib/kafka-fixture.ts).
const KAFKA = (process.env.BENCH_KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
const NATS = process.env.BENCH_NATS_SERVERS ?? "nats://127.0.0.1:4222";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-bench-requeue-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "config.json");
fs.writeFileSync(
  process.env.EVENTSCOPE_CONFIG,
  JSON.stringify({ clusters: [{ id: "bk", name: "bench kafka", kind: "kafka", brokers: KAFKA }, { id: "bn", name: "bench nats", kind: "nats", servers: [NATS] }] }),
);

const actor = { id: "bench", username: "bench", role: "operator" as const, canSeeClearValues: false, via: "token" as const };

async function runJob(jobId: string) {
  const { executeRequeue } = await import("../lib/dlq/requeue-job");
  const { registerExecutor, runAvailableJobs } = await import("../lib/jobs/job-runner");
  const { getJob } = await import("../lib/jobs/job-store");
  registerExecutor("requeue", executeRequeue);
  const started = performance.now();
  await Promise.all(await runAvailableJobs());
  const seconds = (performance.now() - started) / 1000;
  return { job: await getJob(jobId), seconds };
}

async function benchKafka() {
  const kafka = new Kafka({ clientId: "bench", brokers: KAFKA, logLevel: logLevel.NOTHING });
  const suffix = randomUUID().slice(0, 8);
  const original = `bench-requeue-${suffix}`;
  const dlq = `${original}.dlq`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: original, numPartitions: 3 }, { topic: dlq, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < COUNT; start += 2000) {
    await producer.send({
      topic: dlq,
      messages: Array.from({ length: Math.min(2000, COUNT - start) }, (_, j) => ({
        key: `order-${start + j}`,
        value: JSON.stringify({ id: `evt-${start + j}`, amount: start + j, note: "x".repeat(200) }),
        headers: { "x-original-topic": original, "x-error": "bench failure", "x-attempts": "3" },
      })),
    });
  }
  await producer.disconnect();
  const { requeueMessages } = await import("../lib/dlq/requeue-messages");
  const created = await requeueMessages(actor, "bk", dlq, { all: true, ratePerSec: 100_000 });
  if (!("job" in created)) throw new Error("no job");
  const { job, seconds } = await runJob(created.job.id);

  // Read the target back through the connector (plain fetches, every partition).
  const { connectorFor, getCluster } = await import("../lib/clusters/registry");
  const connector = connectorFor((await getCluster("bk")).config);
  const detail = await connector.describeTopic(original);
  const seen = new Set<string>();
  let received = 0;
  for (const partition of detail.partitions) {
    let from = partition.low;
    while (from < partition.high) {
      const page = await connector.readMessages(original, { partition: partition.partition, from, limit: 500 });
      for (const message of page.messages) {
        received++;
        seen.add(message.headers["x-eventscope-requeue-id"]?.toString() ?? "");
      }
      if (!page.next) break;
      from = page.next.offset;
    }
  }
  await admin.deleteTopics({ topics: [original, dlq] }).catch(() => undefined);
  await admin.disconnect();
  return { broker: "Kafka", job, seconds, received, lost: COUNT - seen.size, duplicated: received - seen.size, target: 5000 };
}

async function benchJetStream() {
  const nc = await connect({ servers: NATS });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const tag = `bench_${randomUUID().slice(0, 8)}`;
  const stream = tag.toUpperCase();
  const dlqStream = `${stream}_DLQ`;
  await jsm.streams.add({ name: stream, subjects: [`${tag}.>`] });
  await jsm.streams.add({ name: dlqStream, subjects: [`deadletter_${tag}.>`] });
  for (let start = 0; start < COUNT; start += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, COUNT - start) }, (_, j) => {
        const h = natsHeaders();
        h.set("x-original-topic", stream);
        h.set("x-original-subject", `${tag}.orders`);
        h.set("x-error", "bench failure");
        return js.publish(`deadletter_${tag}.orders`, JSON.stringify({ id: `evt-${start + j}`, note: "x".repeat(200) }), { headers: h });
      }),
    );
  }
  const { requeueMessages } = await import("../lib/dlq/requeue-messages");
  const created = await requeueMessages(actor, "bn", dlqStream, { all: true, ratePerSec: 100_000 });
  if (!("job" in created)) throw new Error("no job");
  const { job, seconds } = await runJob(created.job.id);
  const info = await jsm.streams.info(stream);
  const seen = new Set<string>();
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 30_000 });
  let received = 0;
  for await (const message of messages) {
    received++;
    seen.add(message.headers?.get("x-eventscope-requeue-id") ?? "");
    if (received === info.state.messages) break;
  }
  await jsm.streams.delete(stream).catch(() => undefined);
  await jsm.streams.delete(dlqStream).catch(() => undefined);
  await nc.close();
  return { broker: "JetStream", job, seconds, received, lost: COUNT - seen.size, duplicated: received - seen.size, target: 2000 };
}

async function main() {
  const only = process.env.BENCH_REQUEUE_ONLY;
  const results = [];
  if (only !== "nats") results.push(await benchKafka());
  if (only !== "kafka") results.push(await benchJetStream());
  console.log(`\nDLQ requeue of ${COUNT.toLocaleString("en")} messages (${new Date().toISOString()}, ${os.cpus().length} cores)`);
  for (const r of results) {
    const rate = Math.round(r.job.done / r.seconds);
    console.log(
      `${r.broker.padEnd(10)} job ${r.job.state}, ${r.job.done} done in ${r.seconds.toFixed(1)} s = ${rate.toLocaleString("en")} msg/s (target >= ${r.target.toLocaleString("en")}); ` +
        `read back ${r.received}, lost ${r.lost}, duplicated ${r.duplicated}; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
    );
  }
  const { disconnectDb } = await import("../lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
