// RabbitMQ requeue and discard end to end (issue 13 item 4): real broker, real route handlers, the real
// job runner. 1,000 messages dead-lettered by a real consumer's basic.reject are found, grouped by
// reason, requeued to their original exchange exactly once (asked twice); a requeue whose original
// exchange is gone is refused before anything is sent; discard removes messages by their derived id;
// and a job whose worker is killed with SIGKILL part way resumes and sends every message exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { callAsAdmin as call } from "../support/auth";
import { uniqueName, waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { jsonInit } from "../support/routes";
import { assertDeadLetterFlow, connectRabbit, drainQueue, managementQueue, publishConfirmed, rabbitCluster, rejectMessages, type TestRabbit } from "../support/rabbitmq";

const run = uniqueName("it-rrq");
const C = "rq-rabbit";
const { cleanup } = useTempConsoleEnv("eventscope-rabbit-requeue-", {
  clusters: [rabbitCluster(C)],
});
// A killed worker's job lease runs out after 3 s, so the restarted one resumes soon.
process.env.EVENTSCOPE_JOB_LEASE_MS = "3000";
let rabbit: TestRabbit;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

/**
 * An order flow of its own: `<p>.orders` (direct) -> `<p>.inventory`, whose dead letters go through
 * `<p>.dead` to `<p>.parked` (a DLQ found by its dead-letter exchange alone).
 */
function orderFlow(prefix: string) {
  return assertDeadLetterFlow(rabbit, { orders: `${prefix}.orders`, dead: `${prefix}.dead`, inventory: `${prefix}.inventory`, dlq: `${prefix}.parked` });
}

/** Publishes `count` orders and has a real consumer reject each one (basic.reject, no requeue): dead letters. */
async function deadLetter(names: { orders: string; inventory: string; dlq: string }, count: number) {
  const bodies = Array.from({ length: count }, (_, i) => JSON.stringify({ order: `${names.orders}-${i}` }));
  await publishConfirmed(rabbit.channel, names.orders, "order.created", bodies);
  await rejectMessages(rabbit.model, names.inventory, count);
  // The console reads counts from the management API, whose statistics lag a few seconds.
  await waitFor(async () => (await dlqCount(names.dlq)) === count || undefined, 30_000, `${count} dead letters in the DLQ`);
  return bodies;
}

async function dlqCount(queue: string): Promise<number> {
  return (await managementQueue(queue)).messages ?? -1;
}

const requeue = (dlq: string, body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/${C}/dlq/${dlq}/requeue`, { cluster: C, topic: dlq }, jsonInit("POST", body));
const readJob = async (jobId: string) => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId })).body;

async function runJobToEnd(jobId: string) {
  await Promise.all(await jobs.runAvailableJobs());
  return waitFor(async () => {
    const job = await readJob(jobId);
    return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 120_000, "the job to finish");
}

beforeAll(async () => {
  rabbit = await connectRabbit();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the test drives the runner itself
  routes = {
    messages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    summary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await rabbit?.cleanup();
  cleanup();
});

describe("requeue from a RabbitMQ DLQ", () => {
  const COUNT = 1000;
  let names: Awaited<ReturnType<typeof orderFlow>>;
  let bodies: string[];

  beforeAll(async () => {
    names = await orderFlow(`${run}.a`);
    bodies = await deadLetter(names, COUNT);
  }, 120_000);

  it("names each dead letter by a derived id, the same at every read, grouped by reason", async () => {
    const read = async () => (await call(routes.messages.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/messages?limit=20`, { cluster: C, topic: names.dlq })).body.messages;
    const first = await read();
    const second = await read();
    expect(first).toHaveLength(20);
    expect(first.map((m: { id: string }) => m.id)).toEqual(second.map((m: { id: string }) => m.id));
    expect(new Set(first.map((m: { id: string }) => m.id)).size).toBe(20);
    for (const message of first) {
      expect(message.id).toMatch(/^[0-9a-f]{32}$/);
      expect(message).toMatchObject({ error: `rejected in ${names.inventory}`, originalTopic: names.inventory, status: "pending" });
    }
    const summary = await call(routes.summary.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/summary`, { cluster: C, topic: names.dlq });
    const groups = summary.body.groups ?? summary.body.errors ?? [];
    expect(groups.map((group: { example: string; count: number }) => [group.example, group.count])).toEqual([[`rejected in ${names.inventory}`, COUNT]]);
  });

  it("requeues all 1,000 to the original exchange exactly once, the DLQ message removed; asked twice, nothing more is sent", async () => {
    const dry = await requeue(names.dlq, { all: true, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.matched).toBe(COUNT);
    const created = await requeue(names.dlq, { all: true, ratePerSec: 5_000 });
    expect(created.status).toBe(202);
    const finished = await runJobToEnd(created.body.job.id);
    expect(finished).toMatchObject({ state: "succeeded", done: COUNT, failed: 0 });

    // Asked again: the DLQ is empty, nothing matches, nothing is sent.
    await waitFor(async () => (await dlqCount(names.dlq)) === 0 || undefined, 30_000, "the DLQ to be seen empty");
    const again = await requeue(names.dlq, { all: true });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);

    const arrived = await drainQueue(rabbit.model, names.inventory);
    expect(arrived).toHaveLength(COUNT);
    expect(new Set(arrived.map((m) => m.body))).toEqual(new Set(bodies));
    for (const message of arrived) {
      expect(String(message.headers["x-eventscope-requeue-id"])).toMatch(/^[0-9a-f]{32}$/);
      // x-death stays a table: should it die again, RabbitMQ counts on.
      expect(Array.isArray(message.headers["x-death"])).toBe(true);
    }
    expect(new Set(arrived.map((m) => String(m.headers["x-eventscope-requeue-id"]))).size).toBe(COUNT);
  }, 180_000);
});

describe("a selection, a deleted exchange and discard", () => {
  let names: Awaited<ReturnType<typeof orderFlow>>;

  beforeAll(async () => {
    names = await orderFlow(`${run}.b`);
    await deadLetter(names, 6);
  }, 120_000);

  it("requeues the selected ids only, with a header set, and leaves the others in the DLQ", async () => {
    const listed = (await call(routes.messages.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/messages?limit=10`, { cluster: C, topic: names.dlq })).body.messages;
    const ids = listed.slice(1, 3).map((m: { id: string }) => m.id);
    const created = await requeue(names.dlq, { ids, setHeaders: { "x-fixed-by": "ops" } });
    expect(created.status).toBe(202);
    expect(await runJobToEnd(created.body.job.id)).toMatchObject({ state: "succeeded", done: 2 });
    const arrived = await drainQueue(rabbit.model, names.inventory);
    expect(arrived.map((m) => String(m.headers["x-eventscope-requeue-id"])).sort()).toEqual([...ids].sort());
    expect(arrived.every((m) => String(m.headers["x-fixed-by"]) === "ops")).toBe(true);
    const left = await waitFor(async () => {
      const messages = (await call(routes.messages.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/messages?limit=10`, { cluster: C, topic: names.dlq })).body.messages;
      return messages.length === 4 ? messages : undefined;
    }, 30_000, "4 messages left in the DLQ");
    expect(left.map((m: { id: string }) => m.id)).toEqual(listed.filter((m: { id: string }) => !ids.includes(m.id)).map((m: { id: string }) => m.id));
  }, 120_000);

  it("refuses a requeue whose original exchange is gone, with the count, before anything is sent", async () => {
    await rabbit.channel.deleteExchange(names.orders);
    const refused = await requeue(names.dlq, { all: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`4 of the selected messages`);
    expect(refused.body.error.message).toContain(`exchange "${names.orders}" no longer exists`);
    expect(await rabbit.channel.checkQueue(names.dlq)).toMatchObject({ messageCount: 4 });
  });

  it("discards by id after a dry run: the message leaves the queue", async () => {
    const listed = (await call(routes.messages.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/messages?limit=10`, { cluster: C, topic: names.dlq })).body.messages;
    const discard = (body: unknown) => call(routes.discard.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/discard`, { cluster: C, topic: names.dlq }, jsonInit("POST", body));
    expect((await discard({ all: true, dryRun: true })).body).toEqual({ matched: 4 });
    expect((await discard({ ids: [listed[0].id] })).body).toEqual({ discarded: 1 });
    expect(await rabbit.channel.checkQueue(names.dlq)).toMatchObject({ messageCount: 3 });
  });
});

describe("a RabbitMQ requeue job whose worker is killed with SIGKILL", () => {
  const TOTAL = 600;
  let worker: ChildProcess | undefined;
  const startWorker = () => spawn("npx", ["tsx", "--conditions=react-server", "scripts/job-worker.ts"], { env: process.env, stdio: "ignore", detached: true });

  afterAll(() => {
    if (worker?.pid) process.kill(-worker.pid, "SIGKILL");
  });

  it("resumes after a restart and still sends each message exactly once", async () => {
    const names = await orderFlow(`${run}.crash`);
    const bodies = await deadLetter(names, TOTAL);
    const created = await requeue(names.dlq, { all: true, ratePerSec: 150 });
    expect(created.status).toBe(202);
    const jobId = created.body.job.id;

    worker = startWorker();
    await waitFor(async () => (await readJob(jobId)).done >= 100 || undefined, 90_000, "the job to be part-way");
    process.kill(-worker.pid!, "SIGKILL");
    const atCrash = await readJob(jobId);
    expect(atCrash.state).toBe("running");
    expect(atCrash.done).toBeLessThan(TOTAL);

    worker = startWorker();
    const finished = await waitFor(async () => {
      const job = await readJob(jobId);
      return job.state === "succeeded" ? job : undefined;
    }, 150_000, "the resumed job to finish");
    process.kill(-worker.pid!, "SIGKILL");
    worker = undefined;
    expect(finished.done).toBe(TOTAL);

    const arrived = await drainQueue(rabbit.model, names.inventory);
    expect(arrived).toHaveLength(TOTAL);
    expect(new Set(arrived.map((m) => m.body))).toEqual(new Set(bodies));
    expect(await rabbit.channel.checkQueue(names.dlq)).toMatchObject({ messageCount: 0 });
  }, 300_000);
});
