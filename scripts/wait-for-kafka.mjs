#!/usr/bin/env node
// Waits until a Kafka broker can really serve consumer groups, not merely accept TCP.
//
// Why not just a port check: right after start a KRaft broker accepts connections before it has
// caught up with its metadata log, and the first consumer group triggers creation of
// __consumer_offsets; until that is done clients get "group coordinator not available" or
// "leader not available". Integration tests that start then fail in confusing ways. So "ready"
// here means: a topic exists with a leader, and a consumer actually joins a group (GROUP_JOIN).
//
// Usage: node scripts/wait-for-kafka.mjs [--brokers 127.0.0.1:9092] [--timeout 120] [--pid N]
//   --brokers  comma-separated bootstrap list (default $KAFKA_BROKERS or 127.0.0.1:$KAFKA_PORT)
//   --timeout  overall seconds before giving up (default 120)
//   --pid      PID of the broker JVM we started: if it dies we stop waiting at once
// Exit codes: 0 ready, 1 timed out, 2 the --pid process exited, 64 bad usage.
//
// Side effects: creates the topic __eventscope_ready (1 partition) if missing; the probe group
// is deleted again afterwards so it does not show up in the console's group list.

import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";

// kafkajs prints a banner about its v2 partitioner change on every producer; we use none, but
// keep its output quiet in case a future version warns elsewhere.
process.env.KAFKAJS_NO_PARTITIONER_WARNING = "1";

const READY_TOPIC = "__eventscope_ready";
const READY_GROUP = "__eventscope_ready";

let opts;
try {
  ({ values: opts } = parseArgs({
    options: {
      brokers: { type: "string", default: process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || "9092"}` },
      timeout: { type: "string", default: "120" },
      pid: { type: "string" },
    },
  }));
} catch (err) {
  console.error(`wait-for-kafka: ${err.message}`);
  process.exit(64);
}

const brokers = opts.brokers.split(",").map((b) => b.trim()).filter(Boolean);
const timeoutMs = Number(opts.timeout) * 1000;
const pid = opts.pid ? Number(opts.pid) : undefined;
if (!brokers.length || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || (opts.pid && !Number.isInteger(pid))) {
  console.error("wait-for-kafka: usage: --brokers host:port[,...] --timeout SECONDS [--pid N]");
  process.exit(64);
}

const started = Date.now();
const deadline = started + timeoutMs;
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (msg) => console.log(`[brokers] kafka: ${msg}`);

// kafkajs sometimes rejects internal promises after we have already given up on an attempt
// (e.g. a join still retrying while we disconnect). Those must not crash the waiter.
process.on("unhandledRejection", () => {});

function pidAlive() {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM"; // exists but not ours to signal: still alive
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${(ms / 1000).toFixed(0)} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Cleanup must never hang the waiter, whatever state the client is in.
const quietly = (p, ms = 5000) => withTimeout(Promise.resolve().then(p), ms, "cleanup").catch(() => {});

/** One probe: ensure topic, join a group, leave, delete the group. Throws on any problem. */
async function probe(attemptMs) {
  const kafka = new Kafka({
    clientId: "eventscope-ready",
    brokers,
    logLevel: logLevel.NOTHING, // we report our own, shorter progress lines
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 3, initialRetryTime: 250, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  const consumer = kafka.consumer({
    groupId: READY_GROUP,
    sessionTimeout: 10000,
    rebalanceTimeout: 10000,
    heartbeatInterval: 1000,
    // disconnect() waits for the in-flight fetch, which long-polls up to maxWaitTimeInMs
    // (default 5 s): keep it short so the probe returns as soon as the group is joined.
    maxWaitTimeInMs: 100,
    retry: { retries: 3, initialRetryTime: 250, maxRetryTime: 2000 },
  });
  try {
    await withTimeout(admin.connect(), attemptMs, "admin connect");
    const topics = await admin.listTopics();
    if (!topics.includes(READY_TOPIC)) {
      // Returns false instead of throwing if another waiter created it meanwhile.
      await admin.createTopics({ topics: [{ topic: READY_TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    }

    // Listen before run(): GROUP_JOIN fires while run() is joining.
    const joined = new Promise((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, (e) => resolve(e.payload));
      consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
    });
    await withTimeout(consumer.connect(), attemptMs, "consumer connect");
    await consumer.subscribe({ topics: [READY_TOPIC], fromBeginning: false });
    const run = consumer.run({ eachMessage: async () => {} });
    const payload = await withTimeout(Promise.all([joined, run]).then(([p]) => p), attemptMs, "consumer group join");
    await quietly(() => consumer.disconnect(), 10000); // leaves the group, so it can be deleted
    await quietly(() => admin.deleteGroups([READY_GROUP]));
    return payload;
  } finally {
    await quietly(() => consumer.disconnect());
    await quietly(() => admin.disconnect());
  }
}

let attempt = 0;
let lastReported = 0;
let lastError = "";
while (true) {
  if (!pidAlive()) {
    console.error(`[brokers] kafka: the broker process (pid ${pid}) exited after ${elapsed()} s before it became ready`);
    process.exit(2);
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) break;
  attempt += 1;
  try {
    const payload = await probe(Math.min(30000, remaining));
    log(`ready at ${brokers.join(",")}: consumer group joined after ${elapsed()} s (attempt ${attempt}, ${payload.duration} ms join)`);
    process.exit(0);
  } catch (err) {
    lastError = err?.message || String(err);
    // One progress line every ~5 s is enough to show it is alive without flooding CI logs.
    if (Date.now() - lastReported > 5000) {
      log(`not ready yet (${elapsed()} s): ${lastError}`);
      lastReported = Date.now();
    }
  }
  await new Promise((r) => setTimeout(r, 500));
}

console.error(`[brokers] kafka: NOT READY at ${brokers.join(",")} after ${opts.timeout} s (${attempt} attempts); last error: ${lastError}`);
process.exit(1);
