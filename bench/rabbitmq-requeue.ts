// RabbitMQ DLQ requeue throughput (issue 13): COUNT messages are dead-lettered by a real consumer
// (basic.nack, no requeue) from `<p>.inventory` into the DLQ `<p>.parked`, then requeued by the real
// job executor (lib/dlq/requeue-job.ts) at an unlimited rate to their original exchange; every message
// arriving back on `<p>.inventory` is counted by x-eventscope-requeue-id for losses and duplicates.
// Target: >= 5,000 msg/s, 0 lost, 0 duplicated. Prints figures; asserts nothing.
//   npm run bench -- rabbitmq-requeue     env: BENCH_REQUEUE_COUNT (100000), BENCH_RABBITMQ_URL, BENCH_RABBITMQ_MANAGEMENT_URL
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { connect } from "amqplib";

const COUNT = Number(process.env.BENCH_REQUEUE_COUNT ?? 100_000);
const URL_ = process.env.BENCH_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const MGMT = process.env.BENCH_RABBITMQ_MANAGEMENT_URL ?? "http://127.0.0.1:15672";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-bench-rrq-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "config.json");
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [{ id: "br", name: "bench rabbit", kind: "rabbitmq", url: URL_, managementUrl: MGMT, vhosts: ["/"] }] }));
const actor = { id: "bench", username: "bench", role: "operator" as const, canSeeClearValues: false, via: "token" as const };
const auth = `Basic ${Buffer.from("guest:guest").toString("base64")}`;

async function managementCount(queue: string): Promise<number> {
  const row = (await (await fetch(`${MGMT}/api/queues/%2F/${encodeURIComponent(queue)}?columns=messages`, { headers: { authorization: auth } })).json()) as { messages?: number };
  return row.messages ?? -1;
}

async function main() {
  const p = `bench-rrq-${randomUUID().slice(0, 8)}`;
  const names = { orders: `${p}.orders`, dead: `${p}.dead`, inventory: `${p}.inventory`, dlq: `${p}.parked` };
  const model = await connect(URL_);
  const channel = await model.createConfirmChannel();
  try {
    await channel.assertExchange(names.orders, "direct", { durable: false });
    await channel.assertExchange(names.dead, "direct", { durable: false });
    await channel.assertQueue(names.dlq, { durable: false });
    await channel.bindQueue(names.dlq, names.dead, "parked");
    await channel.assertQueue(names.inventory, { durable: false, arguments: { "x-dead-letter-exchange": names.dead, "x-dead-letter-routing-key": "parked" } });
    await channel.bindQueue(names.inventory, names.orders, "order.created");
    const setup = performance.now();
    for (let start = 0; start < COUNT; start += 5_000) {
      for (let i = start; i < Math.min(COUNT, start + 5_000); i++) {
        channel.publish(names.orders, "order.created", Buffer.from(JSON.stringify({ id: `evt-${i}`, amount: i, note: "x".repeat(200) })), { persistent: true, messageId: `evt-${i}` });
      }
      await channel.waitForConfirms();
    }
    // A real consumer rejects them all (nack, no requeue): RabbitMQ dead-letters each with x-death.
    const consumer = await model.createChannel();
    await consumer.prefetch(2_000);
    let rejected = 0;
    await new Promise<void>((resolve) => {
      void consumer.consume(names.inventory, (message) => {
        if (!message) return;
        rejected++;
        if (rejected % 500 === 0 || rejected === COUNT) consumer.nack(message, true, false);
        if (rejected === COUNT) resolve();
      });
    });
    await consumer.close();
    while ((await channel.checkQueue(names.dlq)).messageCount < COUNT) await new Promise((resolve) => setTimeout(resolve, 500));
    while ((await managementCount(names.dlq)) !== COUNT) await new Promise((resolve) => setTimeout(resolve, 1_000));
    console.log(`setup: ${COUNT} dead letters in ${((performance.now() - setup) / 1000).toFixed(1)} s`);

    const { requeueMessages } = await import("../lib/dlq/requeue-messages");
    const { executeRequeue } = await import("../lib/dlq/requeue-job");
    const { registerExecutor, runAvailableJobs } = await import("../lib/jobs/job-runner");
    const { getJob } = await import("../lib/jobs/job-store");
    registerExecutor("requeue", executeRequeue);
    const asked = performance.now();
    const created = await requeueMessages(actor, "br", names.dlq, { all: true, ratePerSec: 100_000 });
    if (!("job" in created)) throw new Error("no job");
    const askedSeconds = (performance.now() - asked) / 1000;
    const started = performance.now();
    await Promise.all(await runAvailableJobs());
    const seconds = (performance.now() - started) / 1000;
    const job = await getJob(created.job.id);

    // Everything on the original queue, counted by requeue id.
    const reader = await model.createChannel();
    await reader.prefetch(5_000);
    const seen = new Map<string, number>();
    let received = 0;
    await new Promise<void>((resolve) => {
      let idle = setTimeout(resolve, 5_000);
      void reader.consume(names.inventory, (message) => {
        if (!message) return;
        received++;
        const id = String(message.properties.headers?.["x-eventscope-requeue-id"] ?? "");
        seen.set(id, (seen.get(id) ?? 0) + 1);
        reader.ack(message);
        clearTimeout(idle);
        idle = setTimeout(resolve, received >= COUNT ? 2_000 : 5_000);
      });
    });
    const duplicated = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
    const leftInDlq = (await channel.checkQueue(names.dlq)).messageCount;
    const lost = COUNT - seen.size - leftInDlq;
    console.log(
      `rabbitmq requeue: ${COUNT} messages, job ${job?.state} done=${job?.done} total=${job?.total}, ${seconds.toFixed(1)} s -> ${Math.round(COUNT / seconds)} msg/s ` +
        `(request with count: ${askedSeconds.toFixed(1)} s); received ${received}, distinct ${seen.size}, duplicated ${duplicated}, lost ${lost}, left in DLQ ${leftInDlq}`,
    );
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, load ${os.loadavg().map((n) => n.toFixed(1)).join(" ")}, ${new Date().toISOString()}`);
  } finally {
    const cleaner = await model.createChannel();
    for (const queue of [names.inventory, names.dlq]) await cleaner.deleteQueue(queue).catch(() => undefined);
    for (const exchange of [names.orders, names.dead]) await cleaner.deleteExchange(exchange).catch(() => undefined);
    await model.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
