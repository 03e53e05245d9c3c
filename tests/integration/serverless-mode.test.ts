import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { TEST_ADMIN_TOKEN, asAdmin, bearer } from "../support/auth";

// Serverless mode (EVENTSCOPE_SERVERLESS=1, as VERCEL=1 would), end to end: real PostgreSQL (a schema
// of its own in database `test`, dropped afterwards), real Kafka, the real route handlers, and NO
// sampler or job runner in the background (instrumentation never runs here, and serverless mode
// would not start them). Rates and lag seconds must come from snapshots stored in the database;
// jobs advance only when the cron route is called.
const PG_URL = process.env.EVENTSCOPE_TEST_PG_URL_TEST ?? "postgresql://postgres@127.0.0.1:5432/test";
const SCHEMA = `es_serverless_${Math.random().toString(36).slice(2, 10)}`;
const INTERVAL_MS = 1000;
const CRON_SECRET = "test-cron-secret-0123456789";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-serverless-"));
process.env.EVENTSCOPE_SERVERLESS = "1";
process.env.DATABASE_URL = `${PG_URL}?schema=${SCHEMA}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
process.env.EVENTSCOPE_SECRET_KEY_FILE = path.join(dir, "secret.key");
process.env.CRON_SECRET = CRON_SECRET;
fs.writeFileSync(
  process.env.EVENTSCOPE_CONFIG,
  JSON.stringify({ clusters: [{ id: "k", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: INTERVAL_MS }] }),
);

const topic = uniqueName("it-sls-orders");
const group = uniqueName("it-sls-billing");
const original = uniqueName("it-sls-payments");
const dlq = `${original}.DLT`;
const DLQ_COUNT = 40;
let kafka: Kafka;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let routes: Record<string, any>;

async function produce(to: string, count: number, headers?: (i: number) => Record<string, string>) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: to, messages: Array.from({ length: count }, (_, i) => ({ key: `k-${i}`, value: JSON.stringify({ i }), headers: headers?.(i) })) });
  await producer.disconnect();
}

const db = async () => (await import("@/lib/db")).getDb();
const storedTimes = async () => (await (await db()).rawSample.findMany({ where: { clusterId: "k" }, orderBy: { t: "asc" }, select: { t: true } })).map((row) => row.t.getTime());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const topicsOf = () => call(routes.topics.GET, "/api/v1/clusters/k/topics", { cluster: "k" }, asAdmin());
// Asked by name: the shared test broker holds groups of every other test file, more than one page of them.
const consumersOf = () => call(routes.consumers.GET, `/api/v1/clusters/k/consumers?q=${encodeURIComponent(group)}`, { cluster: "k" }, asAdmin());
const cron = (headers: Record<string, string>) => call(routes.cron.GET, "/api/v1/cron/sample", {}, { headers });

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  await createTopic(kafka, original, 1);
  await createTopic(kafka, dlq, 1);
  await produce(topic, 100);
  // The group has committed offset 100 and no members (its consumers are "stopped").
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "100" }] });
  await admin.disconnect();
  await produce(dlq, DLQ_COUNT, (i) => ({
    "kafka_dlt-original-topic": original,
    "kafka_dlt-original-partition": "0",
    "kafka_dlt-original-offset": String(i),
    "kafka_dlt-exception-message": "timeout calling the bank",
  }));
  routes = {
    clusters: await import("@/app/api/v1/clusters/route"),
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    history: await import("@/app/api/v1/clusters/[cluster]/history/route"),
    cron: await import("@/app/api/v1/cron/sample/route"),
    live: await import("@/app/api/v1/live/route"),
    health: await import("@/app/api/v1/health/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("serverless mode", () => {
  it("samples on read, and derives rates and lag seconds from snapshots stored in PostgreSQL", async () => {
    const first = await topicsOf();
    expect(first.status).toBe(200);
    expect(await storedTimes()).toHaveLength(1);
    // One snapshot: no rate yet (a rate needs two).
    expect(first.body.topics.find((t: { name: string }) => t.name === topic).msgsPerSec).toBeNull();

    await produce(topic, 50);
    await sleep(INTERVAL_MS * 1.5);
    const second = await topicsOf();
    const [tA, tB] = await storedTimes();
    expect(tB).toBeGreaterThan(tA!);
    // 50 messages between the two stored snapshots: the rate is exactly that over their distance.
    const rate = second.body.topics.find((t: { name: string }) => t.name === topic).msgsPerSec;
    expect(rate).toBeCloseTo(50 / ((tB! - tA!) / 1000), 6);

    const consumers = await consumersOf();
    const billing = consumers.body.consumers.find((c: { group: string }) => c.group === group);
    expect(billing.lag).toBe(50);
    // Message 100 was produced between the two snapshots: its age is interpolated, not a lower bound.
    expect(billing.lagSeconds).toBeGreaterThan(0);
    expect(billing.lagSecondsAtLeast).toBeUndefined();
  });

  it("runs no sampler between requests", async () => {
    const before = await storedTimes();
    await sleep(INTERVAL_MS * 3);
    expect(await storedTimes()).toEqual(before);
  });

  it("starts no sampler when a cluster is added in the console", async () => {
    const { getSampler } = await import("@/lib/metrics/samplers");
    const body = { id: "sls-added", name: "Added", kind: "kafka", brokers: KAFKA_BROKERS };
    const created = await call(routes.clusters.POST, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", body)));
    expect(created.status).toBe(201);
    expect(getSampler("sls-added")).toBeUndefined();
    const cluster = await import("@/app/api/v1/clusters/[cluster]/route");
    const read = () => call(routes.topics.GET, "/api/v1/clusters/sls-added/topics", { cluster: "sls-added" }, asAdmin());
    const remove = () => call(cluster.DELETE, "/api/v1/clusters/sls-added", { cluster: "sls-added" }, asAdmin({ method: "DELETE" }));
    expect((await read()).status).toBe(200);
    expect(getSampler("sls-added")).toBeDefined();
    // Removed and added again with the same settings: the next read feeds a sampler the routes find.
    expect((await remove()).status).toBe(204);
    expect(getSampler("sls-added")).toBeUndefined();
    expect((await call(routes.clusters.POST, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", body)))).status).toBe(201);
    expect((await read()).status).toBe(200);
    expect(getSampler("sls-added")).toBeDefined();
    expect((await remove()).status).toBe(204);
  });

  it("gives a cold instance the same history from the database", async () => {
    const { forgetInstanceState } = await import("@/lib/metrics/serverless/sample-on-read");
    const { getSampler } = await import("@/lib/metrics/samplers");
    forgetInstanceState();
    expect(getSampler("k")).toBeUndefined();
    const topics = await topicsOf();
    // Whether this read took a third snapshot or not, a fresh sampler has a rate only because the
    // earlier snapshots were replayed from the database.
    expect(topics.body.topics.find((t: { name: string }) => t.name === topic).msgsPerSec).toBeGreaterThan(0);
    const billing = (await consumersOf()).body.consumers.find((c: { group: string }) => c.group === group);
    expect(billing.lagSeconds).toBeGreaterThan(0);
    const history = await call(routes.history.GET, "/api/v1/clusters/k/history?window=5m", { cluster: "k" }, asAdmin());
    expect(history.status).toBe(200);
    expect(history.body.points.length).toBeGreaterThanOrEqual(1);
    // The minute history was written too; beyond 5 minutes the charts read it, whichever instance wrote it.
    expect(await (await db()).topicRatePoint.count({ where: { clusterId: "k", topic } })).toBeGreaterThanOrEqual(1);
    const hour = await call(routes.history.GET, "/api/v1/clusters/k/history?window=1h", { cluster: "k" }, asAdmin());
    expect(hour.body.resolution).toBe(60);
    expect(hour.body.points.length).toBeGreaterThanOrEqual(1);
  });

  it("takes one snapshot for many concurrent reads", async () => {
    await sleep(INTERVAL_MS * 1.5);
    const before = (await storedTimes()).length;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? topicsOf() : consumersOf())));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // One new snapshot (or none kept extra: retention may thin an older one in the same minute).
    expect((await storedTimes()).length - before).toBeLessThanOrEqual(1);
    const newest = (await storedTimes()).at(-1)!;
    expect(Date.now() - newest).toBeLessThan(60_000);
  });

  it("lets one instance sample a cluster per interval (a lease in the database)", async () => {
    const { tryTakeLease, releaseLease } = await import("@/lib/serverless/lease");
    const key = `test:${uniqueName("lease")}`;
    const results = await Promise.all(["a", "b", "c", "d"].map((holder) => tryTakeLease(key, 5_000, holder)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ["a", "b", "c", "d"][results.indexOf(true)]!;
    expect(await tryTakeLease(key, 5_000, "e")).toBe(false);
    await releaseLease(key, winner);
    expect(await tryTakeLease(key, 5_000, "e")).toBe(true);
  });

  it("lets one of several instances (processes) take the snapshot, the others use it", async () => {
    // A cluster only these processes know, with a long interval, so that none of them may sample it again.
    const config = path.join(dir, "instances.config.json");
    fs.writeFileSync(config, JSON.stringify({ clusters: [{ id: "k2", name: "Kafka 2", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 600_000 }] }));
    const startAt = Date.now() + 15_000;
    const instances = Array.from({ length: 3 }, () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/serverless-instance.ts"], {
          cwd: path.resolve(__dirname, "../.."),
          env: { ...process.env, EVENTSCOPE_CONFIG: config, CLUSTER: "k2", START_AT: String(startAt) },
        });
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.stderr.on("data", (chunk) => (out += chunk));
        child.on("error", reject);
        child.on("exit", () => resolve(out));
      }),
    );
    const outputs = await Promise.all(instances);
    const outcomes = outputs.map((out) => /\{"outcome":"(\w+)"\}/.exec(out)?.[1] ?? out);
    expect(outcomes.filter((outcome) => outcome === "sampled")).toHaveLength(1);
    for (const outcome of outcomes) expect(["sampled", "busy", "fresh"]).toContain(outcome);
    expect(await (await db()).rawSample.count({ where: { clusterId: "k2" } })).toBe(1);
  });

  it("tells the browser to poll instead of opening a stream", async () => {
    const live = await call(routes.live.GET, "/api/v1/live?cluster=k", {}, asAdmin());
    expect(live.status).toBe(200);
    expect(live.response.headers.get("content-type")).toContain("text/event-stream");
    expect(live.response.headers.get("x-eventscope-live")).toBe("polling");
    expect(live.body).toContain("event: polling");
    const health = await call(routes.health.GET, "/api/v1/health");
    expect(health.body.mode).toBe("serverless");
  });

  it("refuses to start with SQLite, saying why", () => {
    const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "-e", "import('./instrumentation.ts').then((m) => (m.register ?? m.default.register)())"], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, NEXT_RUNTIME: "nodejs", EVENTSCOPE_SERVERLESS: "1", DATABASE_URL: `file:${path.join(dir, "start.db")}` },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot start: Serverless mode .* needs PostgreSQL: set DATABASE_URL to a postgres:\/\//);
    expect(fs.existsSync(path.join(dir, "start.db"))).toBe(false);
  });

  it("refuses SQLite", async () => {
    const { openDb } = await import("@/lib/db");
    const file = path.join(dir, "refused.db");
    await expect(openDb({ kind: "sqlite", filePath: file })).rejects.toMatchObject({ code: "store-misconfigured", message: expect.stringMatching(/needs PostgreSQL/) });
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe("the cron route", () => {
  it("accepts CRON_SECRET or an admin, and nobody else", async () => {
    expect((await cron({})).status).toBe(401);
    expect((await cron(bearer(`${CRON_SECRET}x`))).status).toBe(401);
    const byCron = await cron(bearer(CRON_SECRET));
    expect(byCron.status).toBe(200);
    expect(byCron.body).toMatchObject({ mode: "serverless", clusters: [{ id: "k", outcome: expect.stringMatching(/^(sampled|fresh|busy)$/) }] });
    expect((await cron(bearer())).status).toBe(200);
  });

  it("forgets the snapshots of clusters that no longer exist", async () => {
    const { storeRawSample } = await import("@/lib/metrics/serverless/raw-sample-store");
    await storeRawSample("removed-cluster", { at: Date.now(), topics: [], consumers: [] });
    expect(await (await db()).rawSample.count({ where: { clusterId: "removed-cluster" } })).toBe(1);
    await cron(bearer(CRON_SECRET));
    expect(await (await db()).rawSample.count({ where: { clusterId: "removed-cluster" } })).toBe(0);
    // Also "k2", known only to the other processes of the lease test.
    expect(await (await db()).rawSample.count({ where: { clusterId: "k2" } })).toBe(0);
    expect(await (await db()).rawSample.count({ where: { clusterId: "k" } })).toBeGreaterThan(0);
  });

  it("samples every cluster whose snapshot is older than its interval", async () => {
    await sleep(INTERVAL_MS * 1.5);
    const before = (await storedTimes()).at(-1)!;
    const result = await cron(bearer(CRON_SECRET));
    expect(result.body.clusters).toEqual([{ id: "k", outcome: "sampled" }]);
    expect((await storedTimes()).at(-1)).toBeGreaterThan(before);
  });

  it("advances a requeue job in slices and resumes it at the next call", async () => {
    process.env.EVENTSCOPE_CRON_BUDGET_MS = "1500";
    try {
      // 10 messages a second: 40 take about 4 s, more than one 1.5 s slice.
      const queued = await call(routes.requeue.POST, `/api/v1/clusters/k/dlq/${dlq}/requeue`, { cluster: "k", topic: dlq }, asAdmin(jsonInit("POST", { all: true, ratePerSec: 10 })));
      expect(queued.status).toBe(202);
      const jobId: string = queued.body.job.id;
      const jobOf = async () => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, asAdmin())).body;

      await sleep(1500);
      expect((await jobOf()).state).toBe("queued"); // nothing runs it between cron calls

      const first = await cron(bearer(CRON_SECRET));
      const slice = first.body.jobs.find((j: { id: string }) => j.id === jobId);
      expect(slice.outcome).toBe("paused");
      const afterFirst = await jobOf();
      expect(afterFirst.state).toBe("running");
      expect(afterFirst.done).toBeGreaterThan(0);
      expect(afterFirst.done).toBeLessThan(DLQ_COUNT);

      await sleep(1500);
      expect((await jobOf()).done).toBe(afterFirst.done); // still nothing between calls

      const finished = await waitFor(async () => {
        await cron(bearer(CRON_SECRET));
        const job = await jobOf();
        return job.state === "succeeded" ? job : undefined;
      }, 60_000, "the job to finish over several cron calls");
      expect(finished.done).toBe(DLQ_COUNT);

      // Each message arrived once on the original topic.
      const offsets = await (async () => {
        const admin = kafka.admin();
        await admin.connect();
        const result = await admin.fetchTopicOffsets(original);
        await admin.disconnect();
        return result;
      })();
      expect(Number(offsets[0]!.high)).toBe(DLQ_COUNT);
    } finally {
      delete process.env.EVENTSCOPE_CRON_BUDGET_MS;
    }
  });
});
