import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import Redis from "ioredis";
import type { Kafka } from "kafkajs";
import { openApiDocument } from "@/lib/contract/openapi";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka } from "../support/brokers";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";
import { fuzzOperations, fuzzSeed, makeRequest, sweepRequests, type FuzzContext, type FuzzOperation, type FuzzRequest } from "../support/api-fuzz";
import { formatReport, runFuzz, type KnownCase } from "../support/api-fuzz-run";
import { TRACE_MAX_BUDGET_MS, fuzzBudgetMs } from "../support/fuzz-budget";
import { startLoopWatchdog } from "../support/event-loop-watchdog";

// The API fuzz test (issue 11): every operation of the OpenAPI document (lib/contract, docs/api-contract.md), as
// anonymous, viewer, operator and admin, with plausible and hostile path parameters, query strings
// and bodies (tests/support/api-fuzz.ts), through the real route handlers in this process, against
// real Kafka, NATS JetStream, Redis and PostgreSQL. Never a 5xx, never a request over a second (the trace: its chosen budget plus a second,
// tests/support/fuzz-budget.ts),
// and GET /api/v1/health answering throughout (it shares this event loop, so a handler that blocks
// the loop shows there). Seeded: EVENTSCOPE_FUZZ_SEED=<n> replays a run (or "random" for a new one),
// EVENTSCOPE_FUZZ_REQUESTS sets how many. The production server gets a smaller pass with what only
// a real socket can send (bad percent-encoding, invalid UTF-8 bytes): tests/e2e/api-fuzz-server.test.ts.
const run = randomUUID().slice(0, 8);
const SEED = fuzzSeed();
const REQUESTS = Number(process.env.EVENTSCOPE_FUZZ_REQUESTS ?? 1_200);
const HEALTH_BUDGET_MS = Number(process.env.EVENTSCOPE_FUZZ_HEALTH_BUDGET_MS ?? 3_000);

const PG_BASE = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const database = `eventscope_fuzz_${run}`;
const topic = `fuzz-${run}`;
const dlqTopic = `${topic}.dlq`;
// A name near Kafka's 249-character limit: what a backtracking glob or header matcher chokes on.
const longTopic = `fuzz-${run}-${"a".repeat(220)}`;
const group = `fuzz-${run}-group`;
const stream = `FUZZ_${run}`;
const subject = `fuzz${run}`;
const redisPrefix = `fuzz-${run}`;

const { cleanup } = useTempConsoleEnv("eventscope-fuzz-", {
  clusters: [
    { id: "fuzz-kafka", name: "Fuzz Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "fuzz-nats", name: "Fuzz NATS", kind: "nats", servers: NATS_SERVERS },
  ],
  idempotency: [
    { id: "fuzz-redis", kind: "redis", url: REDIS_URL, pattern: `${redisPrefix}:*` },
    { id: "fuzz-pg", kind: "postgres", url: `${PG_BASE}/${database}`, table: "processed_events", keyColumn: "event_id" },
  ],
});

// Known 5xx or slow answers that belong to other work in progress; each names the request and why.
const KNOWN: KnownCase[] = [
  {
    // Seen on the shared development machine, where other tests create and delete topics all the
    // time: a topic deleted while a Kafka read is under way fails that read (the snapshot retries
    // once, lib/brokers/kafka/kafka-connector.ts), and the routes answer 503 broker-unavailable
    // although the broker is up. Reported to the coordinator (Kafka reads under topic churn).
    reason: "a topic deleted during a Kafka read fails it with 503 (UNKNOWN_TOPIC_OR_PARTITION)",
    matches: (_request, detail) => /broker-unavailable/.test(detail) && /UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/.test(detail),
  },
  {
    // The same on NATS: a stream deleted by someone else between the stream listing and the reads of
    // a sampling cycle fails the cycle, and NATS routes answer 503 until the next one. Reported too.
    reason: "a JetStream stream deleted during a NATS read fails it with 503 (stream not found, 10059)",
    matches: (_request, detail) => /broker-unavailable/.test(detail) && /stream not found|10059/.test(detail),
  },
];

type Handler = ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) & { access?: string };
const handlers = new Map<string, Handler>();
let kafka: Kafka;

async function sql(db: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_BASE}/${db}` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** app/api/v1/clusters/[cluster]/route.ts for "/api/v1/clusters/{cluster}". */
function routeFile(template: string): string {
  return path.resolve(__dirname, "../../app", template.replace(/^\//, "").replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
}

async function loadHandler(operation: FuzzOperation): Promise<Handler> {
  const key = `${operation.method} ${operation.template}`;
  if (!handlers.has(key)) {
    const file = routeFile(operation.template);
    if (!fs.existsSync(file)) throw new Error(`no route file for ${key} (${file})`);
    const handler = ((await import(file)) as unknown as Record<string, Handler>)[operation.method];
    if (!handler) throw new Error(`${file} exports no ${operation.method}`);
    handlers.set(key, handler);
  }
  return handlers.get(key)!;
}

/** Calls the handler as Next would; the live route's endless SSE stream is read a little, then cancelled. */
async function send(request: FuzzRequest): Promise<{ status: number; detail?: string }> {
  const handler = await loadHandler(request.operation);
  const init: RequestInit & { duplex?: string } = { method: request.method, headers: { host: "localhost:3000", ...request.headers }, signal: AbortSignal.timeout(TRACE_MAX_BUDGET_MS + 30_000) };
  if (request.body && request.method !== "GET" && request.method !== "HEAD") init.body = new Uint8Array(request.body);
  let response: Response;
  try {
    response = await handler(new Request(`http://localhost:3000${request.target}`, init), { params: Promise.resolve(request.params) });
  } catch (error) {
    // A handler that throws past apiRoute would be a 500 from Next.
    return { status: 500, detail: `the handler threw: ${String(error)}` };
  }
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("text/event-stream")) {
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    return { status: response.status };
  }
  const text = await response.text();
  return { status: response.status, detail: response.status >= 500 ? text : undefined };
}

async function createUserToken(username: string, role: string): Promise<string> {
  const password = `fuzz-${randomUUID()}`;
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json", host: "localhost:3000" };
  const users = (await import("@/app/api/v1/users/route")) as unknown as Record<string, Handler>;
  const created = await users.POST!(new Request("http://localhost:3000/api/v1/users", { method: "POST", headers: admin, body: JSON.stringify({ username, password, role }) }), { params: Promise.resolve({}) });
  expect(created.status, await created.clone().text()).toBe(201);
  const signIn = (await import("@/app/api/v1/auth/sign-in/route")) as unknown as Record<string, Handler>;
  const session = await signIn.POST!(
    new Request("http://localhost:3000/api/v1/auth/sign-in", { method: "POST", headers: { "content-type": "application/json", host: "localhost:3000" }, body: JSON.stringify({ username, password }) }),
    { params: Promise.resolve({}) },
  );
  const cookie = /eventscope_session=[^;]*/.exec(session.headers.get("set-cookie") ?? "")?.[0];
  expect(cookie, `signing in as ${username}`).toBeTruthy();
  const tokens = (await import("@/app/api/v1/tokens/route")) as unknown as Record<string, Handler>;
  const token = await tokens.POST!(
    new Request("http://localhost:3000/api/v1/tokens", { method: "POST", headers: { cookie: cookie!, "content-type": "application/json", host: "localhost:3000" }, body: JSON.stringify({ name: "fuzz" }) }),
    { params: Promise.resolve({}) },
  );
  return ((await token.json()) as { token: string }).token;
}

let context: FuzzContext;

beforeAll(async () => {
  // What the requests can find: a topic with messages and a dead-letter topic, a consumer group, a
  // JetStream stream, Redis and PostgreSQL idempotency records.
  await sql("postgres", `CREATE DATABASE ${database}`);
  await sql(database, "CREATE TABLE processed_events (event_id text PRIMARY KEY); INSERT INTO processed_events VALUES ('evt-1'), ('evt-2')");
  const redis = new Redis(REDIS_URL);
  await redis.set(`${redisPrefix}:evt-1`, JSON.stringify({ processedAt: new Date().toISOString() }), "EX", 3600);
  await redis.quit();
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  await createTopic(kafka, dlqTopic, 1);
  await createTopic(kafka, longTopic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ key: `evt-${i}`, value: JSON.stringify({ id: `evt-${i}`, n: i }) })) });
  await producer.send({
    topic: dlqTopic,
    messages: Array.from({ length: 5 }, (_, i) => ({
      key: `evt-${i}`,
      value: JSON.stringify({ id: `evt-${i}` }),
      headers: { "x-original-topic": topic, "x-original-partition": "0", "x-original-offset": String(i), "x-error": "boom", "x-attempts": "3" },
    })),
  });
  await producer.disconnect();
  const consumerAdmin = kafka.admin();
  await consumerAdmin.connect();
  await consumerAdmin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "3" }] });
  await consumerAdmin.disconnect();
  const nats = await connectNats();
  await nats.jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
  for (let i = 0; i < 5; i += 1) await nats.js.publish(`${subject}.orders`, JSON.stringify({ id: `evt-${i}` }));
  await nats.nc.close();

  // As the server starts them (instrumentation.ts): one sampler per cluster (the history routes read
  // them), and the job runner, so requeue and replay jobs run while the fuzz goes on.
  const { syncSamplers } = await import("@/lib/metrics/samplers");
  await syncSamplers();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  startJobs();

  const tokens = { viewer: await createUserToken(`fuzz-viewer-${run}`, "viewer"), operator: await createUserToken(`fuzz-operator-${run}`, "operator"), admin: TEST_ADMIN_TOKEN };
  context = {
    document: openApiDocument,
    known: {
      cluster: ["fuzz-kafka", "fuzz-nats"],
      topic: [topic, dlqTopic, stream, longTopic],
      group: [group],
      store: ["fuzz-redis", "fuzz-pg"],
      key: [`${redisPrefix}:evt-1`, "evt-1"],
      job: [],
    },
    knownFields: { target: [topic, `${subject}.orders`], topic: [topic], originalTopic: [topic], id: ["evt-1"], cluster: ["fuzz-kafka", "fuzz-nats"] },
    tokens,
    wire: false,
  };
}, 300_000);

afterAll(async () => {
  const { stopJobRunner } = await import("@/lib/jobs/job-runner");
  stopJobRunner();
  const { stopSamplers } = await import("@/lib/metrics/samplers");
  stopSamplers();
  const { closeStores } = await import("@/lib/idempotency/registry").catch(() => ({ closeStores: async () => undefined }));
  await closeStores();
  await sql("postgres", `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  const admin = kafka?.admin();
  if (admin) {
    await admin.connect();
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, dlqTopic, longTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
  const nats = await connectNats();
  await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
}, 120_000);

describe("the API under fuzzing", () => {
  it("covers every operation of the OpenAPI document", async () => {
    const operations = fuzzOperations(openApiDocument);
    expect(operations.length).toBeGreaterThan(40);
    for (const operation of operations) await loadHandler(operation);
  });

  it("never answers 5xx, never takes longer than a second (the trace: its own budget plus a second), and health answers throughout", async () => {
    const operations = fuzzOperations(openApiDocument);
    console.log(`API fuzz: seed ${SEED} (replay with EVENTSCOPE_FUZZ_SEED=${SEED}), a sweep and ${REQUESTS} random requests`);
    // First the sweep (each known-dangerous input in every parameter and body field, as admin), then
    // the random requests (every operation and role in turn, inputs mixed).
    const sweep = process.env.EVENTSCOPE_FUZZ_SWEEP === "0" ? [] : sweepRequests(context, operations, SEED);
    const requests = [...sweep, ...Array.from({ length: REQUESTS }, (_, index) => makeRequest(context, operations, SEED, index))];
    const health = handlers.get("GET /api/v1/health") ?? (await loadHandler(operations.find((op) => op.template === "/api/v1/health")!));
    const settings = (await import("@/app/api/v1/settings/read-only/route")) as unknown as Record<string, Handler>;
    // A request that blocks the event loop would freeze this test's own timers: the watchdog (a
    // worker thread) then prints the requests in flight and ends the process, so the run fails.
    const watchdog = startLoopWatchdog(30_000);
    let report: Awaited<ReturnType<typeof runFuzz>>;
    try {
      report = await runFuzz({
        onInFlight: (lines) => watchdog.setInFlight(lines.join("\n")),
        requests,
        send,
        health: async () => {
          const response = await health(new Request("http://localhost:3000/api/v1/health"), { params: Promise.resolve({}) });
          await response.arrayBuffer();
          return response.status;
        },
        concurrency: 3,
        budgetMs: fuzzBudgetMs,
        hardTimeoutMs: TRACE_MAX_BUDGET_MS + 30_000,
        healthBudgetMs: HEALTH_BUDGET_MS,
        known: KNOWN,
        // An admin's request may have switched read-only mode on: switch it off again so the operators'
        // actions keep being fuzzed rather than refused.
        afterEach: async (request, status) => {
          if (request.operation.template !== "/api/v1/settings/read-only" || request.method !== "PUT" || status >= 300) return;
          await settings.PUT!(
            new Request("http://localhost:3000/api/v1/settings/read-only", {
              method: "PUT",
              headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json", host: "localhost:3000" },
              body: JSON.stringify({ readOnly: false, clusters: { "fuzz-kafka": false, "fuzz-nats": false } }),
            }),
            { params: Promise.resolve({}) },
          );
        },
      });
    } finally {
      watchdog.stop();
    }
    console.log(formatReport(report, SEED));
    expect(report.failures, formatReport(report, SEED)).toEqual([]);
    // Guards against a generator that stopped reaching the handlers: most requests must get past the
    // guard and the parsers somewhere.
    if (REQUESTS > 0) expect(Object.keys(report.byStatus)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404"]));
  }, 600_000);
});
