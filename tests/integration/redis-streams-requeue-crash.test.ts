import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import Redis from "ioredis";
import { callAsAdmin as call } from "../support/auth";
import { waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { jsonInit } from "../support/routes";

// Issue 14's "done when", end to end on the real Redis: 1,000 entries that a real consumer left
// pending past the delivery limit are dead-lettered by the console's job, then requeued by the
// console's requeue job running in its own worker process (scripts/job-worker.ts), which is killed
// with SIGKILL part way and started again: the job resumes on its lease and every entry arrives back
// in its stream exactly once, with its payload; asked again afterwards, nothing more is sent.
// The kill lands in the hardest place: after a batch reached Redis and before the job recorded it.
// The test holds the console database's write lock (readers go on: WAL) until Redis shows entries
// moved that the job has not counted, the worker being stuck on recording them, and kills it then.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `it-rscrash-${randomUUID().slice(0, 8)}-`;
const orders = `${prefix}orders`;
const dlq = `${orders}:dlq`;
const group = `${orders}.billing`;
const TOTAL = 1_000;
const C = "rs";

const { cleanup } = useTempConsoleEnv("eventscope-rscrash-", {
  clusters: [{ id: C, name: "Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: `${prefix}*` }],
});
// A killed worker's job lease runs out after 3 s, so the restarted one resumes soon.
process.env.EVENTSCOPE_JOB_LEASE_MS = "3000";

let redis: Redis;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");
let worker: ChildProcess | undefined;

const startWorker = () => spawn("npx", ["tsx", "--conditions=react-server", "scripts/job-worker.ts"], { env: process.env, stdio: "ignore", detached: true });
const readJob = async (jobId: string) => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId })).body;
const requeue = (body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/${C}/dlq/${encodeURIComponent(dlq)}/requeue`, { cluster: C, topic: dlq }, jsonInit("POST", body));

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  const pipeline = redis.pipeline();
  for (let i = 0; i < TOTAL; i++) pipeline.xadd(orders, "*", "order", `order-${i}`);
  await pipeline.exec();
  await redis.xgroup("CREATE", orders, "billing", "0");
  // A real consumer that crashes on each entry: it reads all of them, then re-reads its PEL twice.
  for (let read = 0; read < 3; read++) {
    let cursor = read === 0 ? ">" : "0";
    for (;;) {
      const reply = (await redis.xreadgroup("GROUP", "billing", "crashy", "COUNT", 500, "STREAMS", orders, cursor)) as [string, [string, string[]][]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) break;
      if (read > 0) cursor = entries[entries.length - 1][0];
    }
  }

  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the worker process runs the requeue; the test runs the dead-letter job itself
  routes = {
    deadLetter: await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/pending/dead-letter/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  if (worker?.pid) process.kill(-worker.pid, "SIGKILL");
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("1,000 poison entries of a Redis stream", () => {
  it("are dead-lettered by the console's job once they passed the delivery limit", async () => {
    const pel = (await redis.call("XPENDING", orders, "billing", "-", "+", 1)) as [string, string, number, number][];
    expect(pel[0][3]).toBe(3);
    const asked = await call(routes.deadLetter.POST, `/api/v1/clusters/${C}/consumers/${encodeURIComponent(group)}/pending/dead-letter`, { cluster: C, group }, jsonInit("POST", { minDeliveries: 3 }));
    expect(asked.status).toBe(202);
    await Promise.all(await jobs.runAvailableJobs());
    const job = await waitFor(async () => {
      const j = await readJob(asked.body.job.id);
      return j.state === "succeeded" ? j : undefined;
    }, 60_000, "the dead-letter job");
    expect(job.done).toBe(TOTAL);
    expect(await redis.xlen(dlq)).toBe(TOTAL);
    expect(Number(((await redis.call("XPENDING", orders, "billing")) as unknown[])[0])).toBe(0);
  }, 120_000);

  it("are requeued exactly once by a job whose worker is killed with SIGKILL part way and started again", async () => {
    const created = await requeue({ all: true, ratePerSec: 100 });
    expect(created.status).toBe(202);
    const jobId = created.body.job.id;

    worker = startWorker();
    await waitFor(async () => (await readJob(jobId)).done >= 200 || undefined, 90_000, "the job to be part-way");
    expect(await killBetweenSendAndRecord(worker, jobId)).toBe(true);
    worker = undefined;
    const atCrash = await readJob(jobId);
    // Redis has entries back in the stream that the job has not counted: they must not go out twice.
    expect(TOTAL - (await redis.xlen(dlq))).toBeGreaterThan(atCrash.done);
    expect(atCrash.state).toBe("running");
    expect(atCrash.done).toBeLessThan(TOTAL);
    const leftAtCrash = await redis.xlen(dlq);
    expect(leftAtCrash).toBeGreaterThan(0);
    expect(leftAtCrash).toBeLessThan(TOTAL);

    worker = startWorker();
    const finished = await waitFor(async () => {
      const job = await readJob(jobId);
      if (job.state === "failed" || job.state === "cancelled") throw new Error(`job ${job.state}: ${job.error}`);
      return job.state === "succeeded" ? job : undefined;
    }, 150_000, "the resumed job to finish");
    process.kill(-worker.pid!, "SIGKILL");
    worker = undefined;
    expect(finished.done).toBe(TOTAL);

    expect(await redis.xlen(dlq)).toBe(0);
    const back = (await redis.xrange(orders, "-", "+")).slice(TOTAL).map(([, fields]) => Object.fromEntries(toPairs(fields)));
    expect(back).toHaveLength(TOTAL);
    expect(new Set(back.map((f) => f["x-eventscope-requeue-id"])).size).toBe(TOTAL);
    expect(back.map((f) => f.order).sort()).toEqual(Array.from({ length: TOTAL }, (_, i) => `order-${i}`).sort());

    // Asked again: the dead-letter stream is empty, nothing more goes out.
    const again = await requeue({ all: true, dryRun: true });
    expect(again.body.matched).toBe(0);
    expect(await redis.xlen(orders)).toBe(2 * TOTAL);
  }, 300_000);
});

/**
 * Holds the database's write lock until a batch the worker published is waiting to be recorded
 * (entries gone from the dead-letter stream beyond the job's count), then kills the worker. A lock
 * that caught the worker before it published is let go and taken again at the next turn.
 */
async function killBetweenSendAndRecord(child: ChildProcess, jobId: string): Promise<boolean> {
  const db = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      db.exec("BEGIN IMMEDIATE");
      let caught = false;
      for (let poll = 0; poll < 12 && !caught; poll++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        caught = TOTAL - (await redis.xlen(dlq)) > (await readJob(jobId)).done;
      }
      if (caught) process.kill(-child.pid!, "SIGKILL");
      db.exec("ROLLBACK");
      if (caught) return true;
      // Let the worker record what it holds and go on to its next turn.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    process.kill(-child.pid!, "SIGKILL");
    return false;
  } finally {
    db.close();
  }
}

function toPairs(fields: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) out.push([fields[i], fields[i + 1]]);
  return out;
}
