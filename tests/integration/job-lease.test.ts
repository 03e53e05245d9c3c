import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { waitFor } from "../support/brokers";

// Two job runner processes over one database and one job: the job runs in one of them only, and
// when that one is killed (kill -9) the other resumes it once the lease has run out. The runners
// are the real lib/jobs/job-runner.ts with a stand-in executor (tests/support/job-lease-worker.ts).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-job-lease-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_JOB_LEASE_MS = "2000";
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [] }));
const STEPS = 10;

interface Entry {
  event: "ready" | "start" | "step" | "end";
  pid: number;
  at: number;
  job?: string;
  done?: number;
  step?: number;
}

let workers: ChildProcess[] = [];
let log = "";
const entries = (): Entry[] =>
  fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Entry) : [];

async function startWorkers(count: number) {
  log = path.join(dir, `log-${Date.now()}.ndjson`);
  for (let i = 0; i < count; i++) {
    workers.push(
      spawn("npx", ["tsx", "--conditions=react-server", "tests/support/job-lease-worker.ts"], {
        env: { ...process.env, JOB_LEASE_LOG: log, JOB_LEASE_STEPS: String(STEPS), JOB_LEASE_STEP_MS: "300" },
        stdio: "ignore",
        detached: true,
      }),
    );
  }
  await waitFor(async () => entries().filter((e) => e.event === "ready").length === count || undefined, 60_000, "the runners to start");
}

/** kill -9 of the runner whose process group holds `pid` (npx leads the group; the runner is its child). */
function killWorker(pid: number) {
  const worker = workers.find((w) => w.pid !== undefined && processGroupHas(w.pid, pid));
  if (!worker?.pid) throw new Error(`no runner has process ${pid}`);
  process.kill(-worker.pid, "SIGKILL");
}

/** Whether `pid` is in the process group led by `leader` (Linux /proc). */
function processGroupHas(leader: number, pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[2]) === leader; // pgrp
  } catch {
    return false;
  }
}

let store: typeof import("@/lib/jobs/job-store");

beforeAll(async () => {
  store = await import("@/lib/jobs/job-store");
  await (await import("@/lib/db")).getDb(); // migrate before the runners open the file
});

afterEach(() => {
  for (const w of workers) {
    try {
      if (w.pid) process.kill(-w.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  workers = [];
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const newJob = () => store.createJob({ kind: "requeue", clusterId: "k", params: { topic: "t" }, total: STEPS, createdBy: "test" });
const finished = (id: string) =>
  waitFor(async () => {
    const job = await store.getJob(id);
    return job.state === "succeeded" ? job : undefined;
  }, 60_000, "the job to finish");

describe("two job runners over one database", () => {
  it("run a job in one of them only", async () => {
    await startWorkers(2);
    const job = await newJob();
    const done = await finished(job.id);
    expect(done.done).toBe(STEPS);
    const mine = entries().filter((e) => e.job === job.id);
    expect(mine.filter((e) => e.event === "start")).toHaveLength(1);
    expect(mine.filter((e) => e.event === "step").map((e) => e.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    expect(new Set(mine.map((e) => e.pid)).size).toBe(1);
  }, 120_000);

  it("hand a job over when its runner is killed, only after the lease ran out, from where it stopped", async () => {
    await startWorkers(2);
    const job = await newJob();
    const first = await waitFor(async () => entries().find((e) => e.job === job.id && e.event === "step" && e.step === 2), 60_000, "the job to be part-way");
    killWorker(first.pid);
    const killedAt = Date.now();
    const done = await finished(job.id);
    expect(done.done).toBe(STEPS);
    const mine = entries().filter((e) => e.job === job.id);
    const starts = mine.filter((e) => e.event === "start");
    expect(starts).toHaveLength(2);
    expect(starts[0].pid).toBe(first.pid);
    expect(starts[1].pid).not.toBe(first.pid);
    // Not before the dead runner's lease (2 s, renewed until the kill) could have run out.
    expect(starts[1].at).toBeGreaterThanOrEqual(killedAt);
    expect(starts[1].done).toBeGreaterThanOrEqual(3);
    // The second runner carried on from the saved progress; nothing ran twice.
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const stepsOf = (pid: number) => mine.filter((e) => e.event === "step" && e.pid === pid).map((e) => e.step);
    const resumedAt = starts[1].done!;
    expect(stepsOf(starts[1].pid)).toEqual(range(resumedAt, STEPS));
    const before = stepsOf(first.pid);
    expect(before).toEqual(range(0, before.length));
    // (the kill may fall between a step's saved progress and its log line)
    expect([resumedAt - 1, resumedAt]).toContain(before.length);
  }, 120_000);
});
