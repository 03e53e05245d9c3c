// RabbitMQ requeue through the HTTP API of a running console (bench/server.ts, jobs part): `count`
// orders are published to `<p>.orders` and dead-lettered from `<p>.inventory` by a real consumer's
// basic.nack (no requeue) into `<p>.parked` (RabbitMQ writes x-death); then POST .../requeue {all}
// and GET /jobs/{id} until it ends; every copy arriving back on `<p>.inventory` is counted by its
// x-eventscope-requeue-id. A message still in the DLQ at the end counts as lost.
import { randomUUID } from "node:crypto";
import { connect, type ChannelModel } from "amqplib";
import type { ProductionServer } from "./production-server";
import { timeJob, type JobTiming } from "./server-jobs";

type ConsoleServer = Pick<ProductionServer, "baseUrl" | "token">;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VALUE = (i: number) => JSON.stringify({ id: `evt-${i}`, orderId: `order-${i % 977}`, amount: i % 1000, note: "x".repeat(180) });

/** The cluster entry of the console's config for these jobs. */
export function rabbitJobsCluster(id: string, url: string, managementUrl: string) {
  return { id, name: "Jobs RabbitMQ", kind: "rabbitmq", url, managementUrl, vhosts: ["/"] };
}

async function managementMessages(managementUrl: string, url: string, queue: string): Promise<number> {
  const parsed = new URL(url);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username || "guest")}:${decodeURIComponent(parsed.password || "guest")}`).toString("base64")}`;
  const response = await fetch(`${managementUrl}/api/queues/%2F/${encodeURIComponent(queue)}?columns=messages`, { headers: { authorization: auth } });
  return ((await response.json()) as { messages?: number }).messages ?? -1;
}

async function deadLetter(model: ChannelModel, names: Record<"orders" | "dead" | "inventory" | "dlq", string>, count: number): Promise<void> {
  const channel = await model.createConfirmChannel();
  await channel.assertExchange(names.orders, "direct", { durable: false });
  await channel.assertExchange(names.dead, "direct", { durable: false });
  await channel.assertQueue(names.dlq, { durable: false });
  await channel.bindQueue(names.dlq, names.dead, "parked");
  await channel.assertQueue(names.inventory, { durable: false, arguments: { "x-dead-letter-exchange": names.dead, "x-dead-letter-routing-key": "parked" } });
  await channel.bindQueue(names.inventory, names.orders, "order.created");
  for (let start = 0; start < count; start += 5_000) {
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      channel.publish(names.orders, "order.created", Buffer.from(VALUE(i)), { persistent: true, messageId: `evt-${i}` });
    }
    await channel.waitForConfirms();
  }
  // A real consumer rejects them all (nack, no requeue, in groups): RabbitMQ dead-letters each with x-death.
  const consumer = await model.createChannel();
  await consumer.prefetch(2_000);
  let rejected = 0;
  await new Promise<void>((resolve) => {
    void consumer.consume(names.inventory, (message) => {
      if (!message) return;
      rejected++;
      if (rejected % 500 === 0 || rejected === count) consumer.nack(message, true, false);
      if (rejected === count) resolve();
    });
  });
  await consumer.close();
  while ((await channel.checkQueue(names.dlq)).messageCount < count) await sleep(500);
  await channel.close();
}

/** Takes every message off the queue and counts them by requeue id. */
async function readBack(model: ChannelModel, queue: string, expected: number): Promise<string[]> {
  const reader = await model.createChannel();
  await reader.prefetch(5_000);
  const markers: string[] = [];
  await new Promise<void>((resolve) => {
    let idle = setTimeout(resolve, 10_000);
    void reader.consume(queue, (message) => {
      if (!message) return;
      markers.push(String(message.properties.headers?.["x-eventscope-requeue-id"] ?? ""));
      reader.ack(message);
      clearTimeout(idle);
      idle = setTimeout(resolve, markers.length >= expected ? 2_000 : 10_000);
    });
  });
  await reader.close();
  return markers;
}

export async function rabbitmqRequeue(server: ConsoleServer, cluster: string, url: string, managementUrl: string, count: number): Promise<JobTiming> {
  const p = `bench-srv-${randomUUID().slice(0, 8)}`;
  const names = { orders: `${p}.orders`, dead: `${p}.dead`, inventory: `${p}.inventory`, dlq: `${p}.parked` };
  const model = await connect(url);
  model.on("error", () => undefined);
  try {
    await deadLetter(model, names, count);
    // The console's unfiltered count is the management API's figure, which lags its statistics round.
    while ((await managementMessages(managementUrl, url, names.dlq)) !== count) await sleep(1_000);
    const timing = await timeJob(server, "requeue RabbitMQ", count, `/api/v1/clusters/${cluster}/dlq/${encodeURIComponent(names.dlq)}/requeue`, { all: true, ratePerSec: 100_000 });
    const markers = await readBack(model, names.inventory, count);
    const channel = await model.createChannel();
    const leftInDlq = (await channel.checkQueue(names.dlq)).messageCount;
    await channel.close();
    const distinct = new Set(markers).size;
    const error = [timing.error, leftInDlq > 0 ? `${leftInDlq} left in the DLQ` : undefined].filter(Boolean).join("; ");
    return { ...timing, readBack: markers.length, lost: count - distinct, duplicated: markers.length - distinct, ...(error ? { error } : {}) };
  } finally {
    const cleaner = await model.createChannel().catch(() => undefined);
    if (cleaner) {
      for (const queue of [names.inventory, names.dlq]) await cleaner.deleteQueue(queue).catch(() => undefined);
      for (const exchange of [names.orders, names.dead]) await cleaner.deleteExchange(exchange).catch(() => undefined);
    }
    await model.close().catch(() => undefined);
  }
}
