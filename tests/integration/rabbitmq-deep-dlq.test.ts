// Issue 13 on the real RabbitMQ: a DLQ deeper than a browse reaches (2,000 messages: every message
// above a page is taken and put back) is counted and selected whole, and reads of a queue never call
// it empty while it holds messages.
// - 2,500 dead letters (a real consumer's basic.reject): the unfiltered count is RabbitMQ's own
//   figure, a filtered count (by time, by error after masking, by text) reads the whole queue in one
//   pass, and ids deeper than 2,000 are found (a dry run and a real requeue of the deepest one).
// - Parallel browses of one queue each see every message (they used to take each other's messages).
// - A queue whose messages are all delivered to a consumer and not acknowledged answers 409 with the
//   figures, not an empty page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAsAdmin as call } from "../support/auth";
import { uniqueName, waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { jsonInit } from "../support/routes";
import { assertDeadLetterFlow, connectRabbit, managementQueue as queueRow, publishConfirmed, rabbitCluster, rejectMessages, type TestRabbit } from "../support/rabbitmq";
import { stableIdOf } from "@/lib/brokers/rabbitmq/stable-id";

const run = uniqueName("it-rdeep");
const C = "deep-rabbit";
const { cleanup } = useTempConsoleEnv("eventscope-rabbit-deep-", {
  clusters: [rabbitCluster(C)],
});
let rabbit: TestRabbit;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

const COUNT = 2_500;
const names = { orders: `${run}.orders`, dead: `${run}.dead`, inventory: `${run}.inventory`, dlq: `${run}.parked`, plain: `${run}.plain`, held: `${run}.held`, settle: `${run}.settle` };

const requeue = (body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/requeue`, { cluster: C, topic: names.dlq }, jsonInit("POST", body));
const readTopic = (queue: string, limit: number) => call(routes.messages.GET, `/api/v1/clusters/${C}/topics/${queue}/messages?limit=${limit}`, { cluster: C, topic: queue });

/** Every message's derived id in queue order, read by the test's own client (consume, then give all back). */
async function idsInOrder(queue: string, count = COUNT): Promise<string[]> {
  const channel = await rabbit.model.createChannel();
  const ids: string[] = [];
  await channel.prefetch(count + 10);
  await new Promise<void>((resolve) => {
    void channel.consume(queue, (message) => {
      if (!message) return;
      ids.push(stableIdOf(`${C}\u0000/\u0000${queue}`, message.properties, message.content));
      if (ids.length === count) resolve();
    });
  });
  await channel.close(); // everything returns to the queue, in order
  return ids;
}

beforeAll(async () => {
  rabbit = await connectRabbit();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the test drives the runner itself
  routes = {
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
  await assertDeadLetterFlow(rabbit, names);
  await publishConfirmed(rabbit.channel, names.orders, "order.created", Array.from({ length: COUNT }, (_, i) => JSON.stringify({ order: i })));
  await rejectMessages(rabbit.model, names.inventory, COUNT, 500);
  await waitFor(async () => (await queueRow(names.dlq)).messages === COUNT || undefined, 30_000, `${COUNT} dead letters counted by the management API`);
}, 120_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await rabbit?.cleanup();
  cleanup();
});

describe("a RabbitMQ DLQ deeper than a browse", () => {
  it("counts all 2,500 for 'all' (RabbitMQ's own figure) and for a filter (one pass over the whole queue)", async () => {
    const all = await requeue({ all: true, dryRun: true });
    expect(all.status).toBe(200);
    expect(all.body.matched).toBe(COUNT);
    const filtered = await requeue({ filter: { since: "2000-01-01T00:00:00Z" }, dryRun: true });
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200);
    expect(filtered.body.matched).toBe(COUNT);
    const none = await requeue({ filter: { until: "2000-01-01T00:00:00Z" }, dryRun: true });
    expect(none.body.matched).toBe(0);
    // Filters matched on the message as the list shows it (the bootstrap token sees masked values, so
    // its error filter is matched after masking; a text filter q on the decoded message): the same pass.
    const byError = await requeue({ filter: { error: `rejected in ${names.inventory}` }, dryRun: true });
    expect(byError.status, JSON.stringify(byError.body)).toBe(200);
    expect(byError.body.matched).toBe(COUNT);
    const byText = await requeue({ filter: { q: String(COUNT - 1) }, dryRun: true });
    expect(byText.status, JSON.stringify(byText.body)).toBe(200);
    expect(byText.body.matched).toBe(1);
    // Nothing was taken: the queue still holds every message.
    await waitFor(async () => ((await queueRow(names.dlq)).messages_ready === COUNT ? true : undefined), 30_000, "every message back and ready");
  }, 120_000);

  it("selects ids deeper than 2,000 (dry run), and a valid id that is nowhere is 404", async () => {
    const ids = await idsInOrder(names.dlq);
    const deep = [ids[2_100], ids[COUNT - 1]];
    const dry = await requeue({ ids: deep, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.matched).toBe(2);
    const missing = await requeue({ ids: [ids[0], "0".repeat(32)], dryRun: true });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("0".repeat(32));
  }, 120_000);

  it("requeues the deepest message by its id to its original exchange, exactly that one", async () => {
    const ids = await idsInOrder(names.dlq);
    const created = await requeue({ ids: [ids[COUNT - 1]], ratePerSec: 1_000 });
    expect(created.status).toBe(202);
    await Promise.all(await jobs.runAvailableJobs());
    const job = await waitFor(async () => {
      const body = (await call(routes.job.GET, `/api/v1/jobs/${created.body.job.id}`, { job: created.body.job.id })).body;
      return ["succeeded", "failed", "cancelled"].includes(body.state) ? body : undefined;
    }, 120_000, "the job to finish");
    expect(job.state).toBe("succeeded");
    expect(job, JSON.stringify(job)).toMatchObject({ done: 1 });
    await waitFor(async () => {
      const [dlq, home] = await Promise.all([queueRow(names.dlq), queueRow(names.inventory)]);
      return dlq.messages === COUNT - 1 && home.messages === 1 ? true : undefined;
    }, 30_000, "one message moved from the DLQ back to the inventory queue");
    const back = await rabbit.channel.get(names.inventory, { noAck: true });
    expect(back && JSON.parse(back.content.toString())).toEqual({ order: COUNT - 1 });
  }, 180_000);
});

describe("reads of one queue at once", () => {
  it("parallel browses each see every message", async () => {
    await rabbit.channel.assertQueue(rabbit.track("queue", names.plain), { durable: false });
    await publishConfirmed(rabbit.channel, "", names.plain, Array.from({ length: 60 }, (_, i) => `m-${i}`));
    const pages = await Promise.all(Array.from({ length: 6 }, () => readTopic(names.plain, 60)));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body.messages.map((message: { value: string }) => message.value)).toEqual(Array.from({ length: 60 }, (_, i) => `m-${i}`));
    }
    // The DLQ view of a deep queue, read three times at once while a filtered count passes over it.
    const [count, ...dlqPages] = await Promise.all([
      requeue({ filter: { since: "2000-01-01T00:00:00Z" }, dryRun: true }),
      ...Array.from({ length: 3 }, () => call(routes.dlqMessages.GET, `/api/v1/clusters/${C}/dlq/${names.dlq}/messages?limit=50`, { cluster: C, topic: names.dlq })),
    ]);
    expect(count.body.matched, JSON.stringify(count.body)).toBe(COUNT - 1);
    for (const page of dlqPages) expect(page.body.messages).toHaveLength(50);
  }, 120_000);

  it("a queue whose messages a consumer holds unacknowledged is 409 'not empty', never an empty page", async () => {
    await rabbit.channel.assertQueue(rabbit.track("queue", names.held), { durable: false });
    await publishConfirmed(rabbit.channel, "", names.held, ["a", "b", "c"]);
    const holder = await rabbit.model.createChannel();
    await holder.prefetch(10);
    await holder.consume(names.held, () => undefined, { noAck: false }); // takes all three, never acks
    try {
      // The management API says so a few seconds later: until then the figures are old.
      const refused = await waitFor(async () => {
        const page = await readTopic(names.held, 10);
        return page.status === 409 && /3 delivered/.test(page.body.error?.message ?? "") ? page : undefined;
      }, 30_000, "409 for a queue whose messages are all held");
      expect(refused.body.error.code).toBe("conflict");
      expect(refused.body.error.message).toMatch(/is not empty: RabbitMQ counts 3 message\(s\) \(0 ready, 3 delivered and not acknowledged\)/);
    } finally {
      await holder.close();
    }
    // Given back: read as usual.
    const page = await waitFor(async () => {
      const read = await readTopic(names.held, 10);
      return read.status === 200 && read.body.messages.length === 3 ? read : undefined;
    }, 30_000, "the three messages readable again");
    expect(page.body.messages.map((message: { value: string }) => message.value)).toEqual(["a", "b", "c"]);
  }, 120_000);

  it("a requeue's settle waits for a browse of the DLQ: a claimed message the browse holds is not taken as sent", async () => {
    const { RabbitmqConnector } = await import("@/lib/brokers/rabbitmq/rabbitmq-connector");
    const connector = new RabbitmqConnector(rabbitCluster(C));
    const total = 2_000;
    await rabbit.channel.assertQueue(rabbit.track("queue", names.settle), { durable: false });
    await publishConfirmed(rabbit.channel, "", names.settle, Array.from({ length: total }, (_, i) => `s-${i}`));
    const claimed = (await idsInOrder(names.settle, total)).slice(0, 5);
    const inFlight = claimed.map((id) => ({ marker: id, source: { topic: names.settle, partition: 0, offset: 0, id } }));
    const probe = await rabbit.model.createChannel();
    try {
      // A browse takes the head first (its gets hold the claimed messages until it ends) ...
      const browse = connector.readMessages(names.settle, { from: 1_500, limit: 500 });
      const deadline = Date.now() + 10_000;
      while ((await probe.checkQueue(names.settle)).messageCount === total) {
        if (Date.now() > deadline) throw new Error("the browse never took a message");
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      // ... and the settle after a crash looks for the claimed messages meanwhile: they are in the DLQ, so not sent.
      const sent = await connector.delivery().settle(undefined, inFlight);
      const page = await browse;
      expect([...sent]).toEqual([]);
      expect(page.messages).toHaveLength(500);
    } finally {
      await probe.close().catch(() => undefined);
      await connector.close();
    }
  }, 120_000);

  it("discards a filter's messages over the whole DLQ (dry run, then for real), not only the first 2,000", async () => {
    const discard = (body: unknown) => call(routes.discard.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/discard`, { cluster: C, topic: names.dlq }, jsonInit("POST", body));
    const filter = { error: `rejected in ${names.inventory}` };
    const dry = await discard({ filter, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.matched).toBe(COUNT - 1);
    const done = await discard({ filter });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.discarded).toBe(COUNT - 1);
    await waitFor(async () => ((await queueRow(names.dlq)).messages === 0 ? true : undefined), 30_000, "the DLQ emptied by the discard");
  }, 120_000);
});
