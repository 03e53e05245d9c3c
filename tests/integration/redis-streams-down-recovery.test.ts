import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// A Redis of this test's own (redis-server on a free port, 6390 when free, nothing saved unless asked) that is killed with SIGKILL
// under a console pointed at it: every Redis Streams route then answers 503 naming the server (never
// a 500, never hanging), the cluster shows "down" with the reason, and once a Redis listens on that
// port again the console answers by itself, no restart, no new configuration. A claim/ack job that
// meets the outage waits, paused with the reason, and finishes once Redis is back.
/**
 * 6390 unless something listens there (another run of this test, e.g. CI beside a developer): then a
 * free port. A fixed port shared by two runs would let one test talk to the other's Redis.
 */
const PORT = await freePort(6390);
const URL = `redis://127.0.0.1:${PORT}`;

async function freePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0))!;
}
/** A route still waiting after this has hung: the client's connect and command timeouts are 2 s and 10 s. */
const HANG_MS = 20_000;

const { cleanup } = useTempConsoleEnv("eventscope-rsdown-", {
  clusters: [{ id: "own", name: "Own Redis", kind: "redis-streams", url: URL, pattern: "orders*" }],
});
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-rsdown-redis-"));

let server: ChildProcess | undefined;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

/** Starts redis-server on PORT (loading dump.rdb from dataDir when there is one); `seed` writes the test's stream. */
async function startRedis(seed = true): Promise<void> {
  const child = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dataDir], { stdio: "ignore" });
  server = child;
  const probe = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined); // refused until the server listens: the loop below retries
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode} (is port ${PORT} taken?)`);
      try {
        if (probe.status !== "ready") await probe.connect();
        // Our server, not another one on the port: its process id is the child's.
        const info = await probe.info("server");
        return new RegExp(`process_id:${child.pid}\\b`).test(info);
      } catch {
        probe.disconnect();
        return false;
      }
    }, 15_000, `redis-server on port ${PORT}`);
    if (!seed) return;
    // What the console reads: a stream with a group whose consumer left 3 entries pending.
    for (let i = 0; i < 5; i++) await probe.xadd("orders", "*", "n", String(i));
    await probe.xgroup("CREATE", "orders", "billing", "0");
    await probe.xreadgroup("GROUP", "billing", "w1", "COUNT", 3, "STREAMS", "orders", ">");
  } finally {
    probe.disconnect();
  }
}

async function killRedis(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Every route below, as the console's users call them. */
const probes: [string, () => Promise<{ status: number; body: any }>][] = [
  ["topics", () => call(routes.topics.GET, "/api/v1/clusters/own/topics", { cluster: "own" }, { headers: auth })],
  ["messages", () => call(routes.messages.GET, "/api/v1/clusters/own/topics/orders/messages?limit=5", { cluster: "own", topic: "orders" }, { headers: auth })],
  ["consumers", () => call(routes.consumers.GET, "/api/v1/clusters/own/consumers", { cluster: "own" }, { headers: auth })],
  ["consumer", () => call(routes.consumer.GET, "/api/v1/clusters/own/consumers/orders.billing", { cluster: "own", group: "orders.billing" }, { headers: auth })],
  ["pending", () => call(routes.pending.GET, "/api/v1/clusters/own/consumers/orders.billing/pending", { cluster: "own", group: "orders.billing" }, { headers: auth })],
  [
    "claim dry run",
    () =>
      call(routes.claim.POST, "/api/v1/clusters/own/consumers/orders.billing/pending/claim", { cluster: "own", group: "orders.billing" }, jsonInit("POST", { consumer: "w2", minIdleMs: 1, dryRun: true }, auth)),
  ],
];

/** The answer, or a failure naming the route if it has not answered within HANG_MS. */
async function answerOf(name: string, probe: () => Promise<{ status: number; body: any }>) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} hung (no answer in ${HANG_MS} ms)`)), HANG_MS);
  });
  try {
    return await Promise.race([probe(), hung]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  await startRedis();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the test runs its job itself
  routes = {
    cluster: await import("@/app/api/v1/clusters/[cluster]/route"),
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    consumer: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route"),
    pending: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/route"),
    claim: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/claim/route"),
    ack: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/ack/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  // The console's connection to the dead Redis would otherwise retry for ever.
  const { forgetCluster } = await import("@/lib/clusters/registry");
  await forgetCluster("own");
  await killRedis();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
  cleanup();
});

describe("a redis-streams cluster whose Redis is killed and comes back", () => {
  it("answers while Redis is up", async () => {
    for (const [name, probe] of probes) expect((await answerOf(name, probe)).status, name).toBeLessThan(300);
    expect((await answerOf("pending", probes[4][1])).body.total).toBe(3);
  });

  it("answers 503 naming the server on every route once Redis is killed, and shows the cluster down with the reason", async () => {
    await killRedis();
    for (const [name, probe] of probes) {
      const answer = await answerOf(name, probe);
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(503);
      expect(answer.body.error.message, name).toContain(`127.0.0.1:${PORT}`);
    }
    const cluster = await answerOf("cluster", () => call(routes.cluster.GET, "/api/v1/clusters/own", { cluster: "own" }, { headers: auth }));
    expect(cluster.status).toBe(200);
    expect(cluster.body.status).toBe("down");
    expect(JSON.stringify(cluster.body)).toContain(`127.0.0.1:${PORT}`);
  });

  it("recovers by itself when Redis listens again", async () => {
    await startRedis();
    // The client reconnects in the background (every 0.5..5 s) and the fail-fast window ends.
    // Until then a route may still say 503, never anything else.
    const seen = new Set<string>();
    for (const [name, probe] of probes) {
      const answer = await waitFor(async () => {
        const got = await answerOf(name, probe);
        seen.add(`${name} ${got.status}${got.status === 200 ? "" : `: ${JSON.stringify(got.body)}`}`);
        return got.status === 200 ? got : undefined;
      }, 30_000, `${name} to answer again`);
      expect(answer.status).toBe(200);
    }
    for (const line of seen) expect(line).toMatch(new RegExp(`^[a-z ]+ (200|503: .*127\\.0\\.0\\.1:${PORT})`));
    expect((await answerOf("pending", probes[4][1])).body.total).toBe(3);
    const cluster = await waitFor(async () => {
      const got = await call(routes.cluster.GET, "/api/v1/clusters/own", { cluster: "own" }, { headers: auth });
      return got.body.status === "up" ? got : undefined;
    }, 30_000, "the cluster to be up");
    expect(cluster.body.status).toBe("up");
  }, 120_000);

  it("pauses a job that meets the outage, with the reason, and finishes it once Redis is back", async () => {
    const asked = await call(routes.ack.POST, "/api/v1/clusters/own/consumers/orders.billing/pending/ack", { cluster: "own", group: "orders.billing" }, jsonInit("POST", { minIdleMs: 1 }, auth));
    expect(asked.status).toBe(202);
    const jobId = asked.body.job.id;
    const readJob = async () => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: auth })).body;
    // Saved first, so the Redis that comes back has the same pending entries.
    const saver = new Redis(URL);
    await saver.save();
    saver.disconnect();
    await killRedis();
    const running = jobs.runAvailableJobs();
    const paused = await waitFor(async () => {
      const job = await readJob();
      return job.state === "running" && job.pausedSince ? job : undefined;
    }, 30_000, "the job to pause");
    expect(paused.pausedReason).toContain(`127.0.0.1:${PORT}`);
    expect(paused.done).toBe(0);

    await startRedis(false);
    const finished = await waitFor(async () => {
      const job = await readJob();
      return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
    }, 60_000, "the job to finish");
    await Promise.all(await running);
    expect(finished).toMatchObject({ state: "succeeded", done: 3 });
    expect(finished.pausedSince).toBeUndefined();
    expect((await answerOf("pending", probes[4][1])).body.total).toBe(0);
  }, 120_000);
});
