// Requeue and replay through the HTTP API of a running console: the data is built here with plain
// clients (kafkajs, the NATS client), the job is started with POST and followed with GET /jobs/{id}
// until it ends, then every copy on the target is read back and counted by its id header.
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { connect, headers as natsHeaders } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import Redis from "ioredis";
import type { ProductionServer } from "./production-server";

type ConsoleServer = Pick<ProductionServer, "baseUrl" | "token">;

/** One API call with the bench's admin bearer token; returns status, parsed body and wall time. */
export async function api<T = any>(server: ConsoleServer, method: string, apiPath: string, body?: unknown, timeoutMs = 120_000): Promise<{ status: number; body: T; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed as T, ms: elapsed };
}

export interface JobTiming {
  what: string;
  messages: number;
  /** POST answered (the request counts the matching messages before it creates the job). */
  postMs: number;
  /** POST sent -> GET /jobs/{id} first saw a final state. */
  totalMs: number;
  msgPerSec: number;
  state: string;
  done: number;
  failed: number;
  /** From the job's own startedAt/finishedAt (the runner's view). */
  runMs: number | null;
  /** The job's error, when it failed. */
  error?: string;
  readBack: number;
  lost: number;
  duplicated: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VALUE = (i: number) => JSON.stringify({ id: `evt-${i}`, orderId: `order-${i % 977}`, amount: i % 1000, note: "x".repeat(180) });

export async function timeJob(server: ConsoleServer, what: string, messages: number, path: string, body: unknown): Promise<Omit<JobTiming, "readBack" | "lost" | "duplicated">> {
  let started = performance.now();
  let created = await api(server, "POST", path, body, 600_000);
  // A topic created a moment ago may not be in the server's metadata yet (503): ask again.
  for (let attempt = 1; created.status === 503 && attempt <= 5; attempt++) {
    await sleep(2_000);
    started = performance.now();
    created = await api(server, "POST", path, body, 600_000);
  }
  const postMs = performance.now() - started;
  if (created.status !== 202) throw new Error(`${what}: POST ${path} answered ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.job.id as string;
  for (;;) {
    const job = await api(server, "GET", `/api/v1/jobs/${id}`);
    const { state, done, failed, startedAt, finishedAt, error } = job.body;
    if (["succeeded", "failed", "cancelled"].includes(state)) {
      const totalMs = performance.now() - started;
      return {
        what,
        messages,
        postMs,
        totalMs,
        msgPerSec: done / (totalMs / 1000),
        state,
        done,
        failed,
        runMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
        ...(error ? { error } : {}),
      };
    }
    await sleep(50);
  }
}

// ------------------------------------------------------------------ Kafka

async function produceKafka(kafka: Kafka, topic: string, count: number, partitions: number, headersOf: (i: number) => Record<string, string>) {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (let start = 0; start < count; start += 2_000) {
    await producer.send({
      topic,
      messages: Array.from({ length: Math.min(2_000, count - start) }, (_, j) => {
        const i = start + j;
        return { partition: i % partitions, key: `order-${i}`, value: VALUE(i), headers: headersOf(i) };
      }),
    });
  }
  await producer.disconnect();
}

async function readBackKafka(kafka: Kafka, topic: string, header: string, expected: number) {
  // A plain consumer from the beginning, until `expected` copies (or 30 s of silence).
  const groupId = `bench-srv-readback-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({ groupId, maxBytes: 50 * 1024 * 1024 });
  const seen = new Set<string>();
  let received = 0;
  let last = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        received++;
        seen.add(message.headers?.[header]?.toString() ?? "");
      }
      last = Date.now();
    },
  });
  while (received < expected && Date.now() - last < 30_000) await sleep(200);
  await sleep(1_000); // a duplicate would arrive after the expected count
  await consumer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
  return { readBack: received, lost: expected - seen.size, duplicated: received - seen.size };
}

// Kafka topics are deleted only at the end of a run: a server that has read a topic which is then
// deleted keeps it in its client's metadata, and its next requests to that broker fail with
// UNKNOWN_TOPIC_OR_PARTITION (seen 2026-12-06: the replay after a requeue answered 503).
const leftoverTopics: string[] = [];

export async function deleteBenchTopics(brokers: string[]): Promise<void> {
  if (leftoverTopics.length === 0) return;
  const admin = new Kafka({ clientId: "bench-server-cleanup", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: leftoverTopics.splice(0) }).catch(() => undefined);
  await admin.disconnect();
}

/** A topic just created may be in the metadata before its partitions answer (a loaded broker): wait for them. */
async function waitUntilReadable(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.fetchTopicOffsets(topic);
          break;
        } catch (error) {
          if (attempt >= 60) throw error;
          await sleep(1_000);
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** A Spring-style DLT (`<topic>.DLT`, kafka_dlt-* headers) of `count` messages on 2 partitions, requeued to its original topic. */
export async function kafkaRequeue(server: ConsoleServer, cluster: string, brokers: string[], count: number): Promise<JobTiming> {
  const kafka = new Kafka({ clientId: "bench-server-data", brokers, logLevel: logLevel.NOTHING, requestTimeout: 60_000 });
  const original = `bench-srv-orders-${randomUUID().slice(0, 8)}`;
  const dlq = `${original}.DLT`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: original, numPartitions: 3 }, { topic: dlq, numPartitions: 2 }], waitForLeaders: true });
  await waitUntilReadable(kafka, [original, dlq]);
  await produceKafka(kafka, dlq, count, 2, (i) => ({
    "kafka_dlt-original-topic": original,
    "kafka_dlt-original-partition": String(i % 3),
    "kafka_dlt-original-offset": String(i),
    "kafka_dlt-exception-fqcn": "org.springframework.kafka.listener.ListenerExecutionFailedException",
    "kafka_dlt-exception-message": `payment declined for order-${i % 977}`,
  }));
  try {
    const timing = await timeJob(server, "requeue Kafka", count, `/api/v1/clusters/${cluster}/dlq/${encodeURIComponent(dlq)}/requeue`, { all: true, ratePerSec: 100_000 });
    return { ...timing, ...(await readBackKafka(kafka, original, "x-eventscope-requeue-id", count)) };
  } finally {
    leftoverTopics.push(original, dlq);
    await admin.disconnect();
  }
}

/** `count` messages on 2 partitions copied by a replay to another topic. */
export async function kafkaReplay(server: ConsoleServer, cluster: string, brokers: string[], count: number): Promise<JobTiming> {
  const kafka = new Kafka({ clientId: "bench-server-data", brokers, logLevel: logLevel.NOTHING, requestTimeout: 60_000 });
  const source = `bench-srv-events-${randomUUID().slice(0, 8)}`;
  const target = `${source}-replayed`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: source, numPartitions: 2 }, { topic: target, numPartitions: 3 }], waitForLeaders: true });
  await waitUntilReadable(kafka, [source, target]);
  await produceKafka(kafka, source, count, 2, () => ({ "content-type": "application/json" }));
  try {
    const timing = await timeJob(server, "replay Kafka", count, `/api/v1/clusters/${cluster}/topics/${encodeURIComponent(source)}/replay`, {
      from: { offset: 0 },
      to: { offset: count },
      target,
      ratePerSec: 100_000,
    });
    return { ...timing, ...(await readBackKafka(kafka, target, "x-eventscope-replay-id", count)) };
  } finally {
    leftoverTopics.push(source, target);
    await admin.disconnect();
  }
}

// ------------------------------------------------------------------ JetStream

async function readBackStream(js: ReturnType<typeof jetstream>, stream: string, header: string, expected: number) {
  const seen = new Set<string>();
  let received = 0;
  const consumer = await js.consumers.get(stream);
  while (received < expected) {
    const batch = await consumer.fetch({ max_messages: Math.min(10_000, expected - received), expires: 5_000 });
    let got = 0;
    for await (const message of batch) {
      got++;
      received++;
      seen.add(message.headers?.get(header) ?? "");
    }
    if (got === 0) break;
  }
  return { readBack: received, lost: expected - seen.size, duplicated: received - seen.size };
}

async function publishStream(js: ReturnType<typeof jetstream>, subject: string, count: number, headersOf: (i: number) => Record<string, string>) {
  for (let start = 0; start < count; start += 1_000) {
    await Promise.all(
      Array.from({ length: Math.min(1_000, count - start) }, (_, j) => {
        const h = natsHeaders();
        for (const [name, value] of Object.entries(headersOf(start + j))) h.set(name, value);
        return js.publish(subject, VALUE(start + j), { headers: h });
      }),
    );
  }
}

/** A JetStream DLQ stream (`<STREAM>_DLQ`, x-original-* headers) of `count` messages, requeued to the original subject. */
export async function jetStreamRequeue(server: ConsoleServer, cluster: string, servers: string[], count: number): Promise<JobTiming> {
  const nc = await connect({ servers });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const tag = `bench_srv_${randomUUID().slice(0, 8)}`;
  const stream = tag.toUpperCase();
  const dlq = `${stream}_DLQ`;
  await jsm.streams.add({ name: stream, subjects: [`${tag}.>`] });
  // Not under "dlq.>": another stream (the demo's DLQ) may capture that; the original subject is a header.
  await jsm.streams.add({ name: dlq, subjects: [`deadletter_${tag}.>`] });
  await publishStream(js, `deadletter_${tag}.orders`, count, () => ({ "x-original-topic": stream, "x-original-subject": `${tag}.orders`, "x-error": "payment declined", "x-attempts": "5" }));
  try {
    const timing = await timeJob(server, "requeue JetStream", count, `/api/v1/clusters/${cluster}/dlq/${dlq}/requeue`, { all: true, ratePerSec: 100_000 });
    return { ...timing, ...(await readBackStream(js, stream, "x-eventscope-requeue-id", count)) };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await jsm.streams.delete(dlq).catch(() => undefined);
    await nc.close();
  }
}

/** `count` messages of a stream copied by a replay to another stream's subject. */
export async function jetStreamReplay(server: ConsoleServer, cluster: string, servers: string[], count: number): Promise<JobTiming> {
  const nc = await connect({ servers });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const tag = `bench_srv_${randomUUID().slice(0, 8)}`;
  const source = `${tag.toUpperCase()}_EVENTS`;
  const target = `${tag.toUpperCase()}_REPLAYED`;
  await jsm.streams.add({ name: source, subjects: [`${tag}.events.>`] });
  await jsm.streams.add({ name: target, subjects: [`${tag}.replayed.>`] });
  await publishStream(js, `${tag}.events.orders`, count, () => ({ "content-type": "application/json" }));
  try {
    const timing = await timeJob(server, "replay JetStream", count, `/api/v1/clusters/${cluster}/topics/${source}/replay`, {
      from: { offset: 1 },
      to: { offset: count },
      target: `${tag}.replayed.orders`,
      ratePerSec: 100_000,
    });
    return { ...timing, ...(await readBackStream(js, target, "x-eventscope-replay-id", count)) };
  } finally {
    await jsm.streams.delete(source).catch(() => undefined);
    await jsm.streams.delete(target).catch(() => undefined);
    await nc.close();
  }
}

// ------------------------------------------------------------------ Redis Streams

/**
 * A dead-letter stream (`<stream>:dlq`, entries with the original stream and the error as fields, as
 * the console's own dead-letter job writes them) of `count` entries, requeued to the original stream
 * through the console's requeue job; then every copy on the original stream is counted by its
 * requeue id field.
 */
export async function redisStreamsRequeue(server: ConsoleServer, cluster: string, url: string, count: number): Promise<JobTiming> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const stream = `bench_srv_${randomUUID().slice(0, 8)}`;
  const dlq = `${stream}:dlq`;
  try {
    await redis.xadd(stream, "*", "seed", "1");
    for (let i = 0; i < count; i += 5_000) {
      const pipeline = redis.pipeline();
      for (let j = i; j < Math.min(count, i + 5_000); j++) {
        pipeline.xadd(dlq, "*", "data", VALUE(j), "x-original-topic", stream, "x-error", "payment declined", "x-attempts", "5");
      }
      await pipeline.exec();
    }
    const timing = await timeJob(server, "requeue Redis Streams", count, `/api/v1/clusters/${cluster}/dlq/${encodeURIComponent(dlq)}/requeue`, { all: true, ratePerSec: 100_000 });
    const markers: string[] = [];
    let after = "-";
    for (;;) {
      const page = await redis.xrange(stream, after, "+", "COUNT", 10_000);
      for (const [, fields] of page) {
        const at = fields.indexOf("x-eventscope-requeue-id");
        if (at >= 0 && at % 2 === 0) markers.push(fields[at + 1]!);
      }
      if (page.length < 10_000) break;
      after = `(${page[page.length - 1]![0]}`;
    }
    const distinct = new Set(markers).size;
    return { ...timing, readBack: markers.length, lost: count - distinct, duplicated: markers.length - distinct };
  } finally {
    await redis.del(stream, dlq).catch(() => undefined);
    redis.disconnect();
  }
}
