// A RabbitMQ that drops the console in the middle of a requeue (issue 13): the console's AMQP
// connections are force-closed through the management API (what an operator's "Force close", a node
// restart or a proxy cut does) while a job of a few thousand dead letters runs. The job must ride it
// out (pause, settle what was in flight, carry on) and in the end every message is on its original
// queue exactly once, and the DLQ is empty. The RabbitMQ service itself is never stopped (it is shared).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAsAdmin as call } from "../support/auth";
import { uniqueName, waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { jsonInit } from "../support/routes";
import {
  RABBITMQ_MANAGEMENT_URL,
  RABBITMQ_PASS,
  RABBITMQ_USER,
  assertDeadLetterFlow,
  connectRabbit,
  drainQueue,
  managementQueue,
  publishConfirmed,
  rabbitCluster,
  rejectMessages,
  type TestRabbit,
} from "../support/rabbitmq";

const run = uniqueName("it-rdrop");
const C = `rq-drop-${run.slice(-6)}`;
const { cleanup } = useTempConsoleEnv("eventscope-rabbit-drop-", { clusters: [rabbitCluster(C)] });
const TOTAL = 4_000;
const auth = { authorization: `Basic ${Buffer.from(`${RABBITMQ_USER}:${RABBITMQ_PASS}`).toString("base64")}` };
let rabbit: TestRabbit;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

const readJob = async (jobId: string) => (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId })).body;

/** The console's connections to RabbitMQ (named eventscope-<cluster id> by the connector). */
async function consoleConnections(): Promise<string[]> {
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}/api/connections?columns=name,client_properties`, { headers: auth });
  const rows = (await response.json()) as { name: string; client_properties?: { connection_name?: string } }[];
  return rows.filter((row) => row.client_properties?.connection_name === `eventscope-${C}`).map((row) => row.name);
}

/** Force-closes every connection of the console; how many were closed. */
async function dropConsole(): Promise<number> {
  // The management API lists a connection a moment after it opened.
  const names = await waitFor(async () => {
    const found = await consoleConnections();
    return found.length > 0 ? found : undefined;
  }, 15_000, "the console's connection in the management API");
  let closed = 0;
  for (const name of names) {
    const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}/api/connections/${encodeURIComponent(name)}`, {
      method: "DELETE",
      headers: { ...auth, "X-Reason": "eventscope test: the broker drops the console mid-requeue" },
    });
    if (response.status === 204) closed++;
  }
  return closed;
}

beforeAll(async () => {
  rabbit = await connectRabbit();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the test drives the runner itself
  routes = {
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await rabbit?.cleanup();
  cleanup();
});

describe("a RabbitMQ that force-closes the console's connections mid-requeue", () => {
  it("resumes after each drop and sends every dead letter home exactly once", async () => {
    const names = await assertDeadLetterFlow(rabbit, { orders: `${run}.orders`, dead: `${run}.dead`, inventory: `${run}.inventory`, dlq: `${run}.parked` });
    const bodies = Array.from({ length: TOTAL }, (_, i) => JSON.stringify({ order: `${run}-${i}` }));
    await publishConfirmed(rabbit.channel, names.orders, "order.created", bodies);
    await rejectMessages(rabbit.model, names.inventory, TOTAL);
    await waitFor(async () => (await managementQueue(names.dlq)).messages === TOTAL || undefined, 30_000, `${TOTAL} dead letters in the DLQ`);

    // 150 a second: turns of 150, about 27 s of sending, so both drops land mid-job even though the
    // management API lists a new connection only at its next statistics round (up to 5 s).
    const created = await call(routes.requeue.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/requeue`, { cluster: C, topic: names.dlq }, jsonInit("POST", { all: true, ratePerSec: 150 }));
    expect(created.status).toBe(202);
    const jobId = created.body.job.id;
    const running = jobs.runAvailableJobs();

    for (const after of [300, 1_500]) {
      await waitFor(async () => (await readJob(jobId)).done >= after || undefined, 120_000, `the job past ${after}`);
      expect(await dropConsole()).toBeGreaterThan(0);
      const atDrop = await readJob(jobId);
      expect(atDrop.state).toBe("running");
      expect(atDrop.done).toBeLessThan(TOTAL);
    }

    await Promise.all(await running);
    const finished = await readJob(jobId);
    expect(finished).toMatchObject({ state: "succeeded", done: TOTAL, failed: 0 });

    const arrived = await drainQueue(rabbit.model, names.inventory);
    expect(arrived).toHaveLength(TOTAL);
    expect(new Set(arrived.map((message) => message.body))).toEqual(new Set(bodies));
    expect(new Set(arrived.map((message) => String(message.headers["x-eventscope-requeue-id"]))).size).toBe(TOTAL);
    expect(await rabbit.channel.checkQueue(names.dlq)).toMatchObject({ messageCount: 0 });
  }, 300_000);
});
