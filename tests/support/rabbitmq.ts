// A plain amqplib client for test setup, independent of the connector under test, and the names of
// the local RabbitMQ (scripts/test.sh exports them; scripts/brokers-up.sh enables the management API).
import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { waitFor } from "./brokers";

export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
export const RABBITMQ_MANAGEMENT_URL = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? "http://127.0.0.1:15672";
const credentials = new URL(RABBITMQ_URL);
export const RABBITMQ_USER = decodeURIComponent(credentials.username || "guest");
export const RABBITMQ_PASS = decodeURIComponent(credentials.password || "guest");

export interface TestRabbit {
  model: ChannelModel;
  channel: ConfirmChannel;
  /** Queues and exchanges made through `track`, deleted by `cleanup`. */
  track(kind: "queue" | "exchange", name: string): string;
  cleanup(): Promise<void>;
}

export async function connectRabbit(): Promise<TestRabbit> {
  const model = await connect(RABBITMQ_URL);
  model.on("error", () => undefined);
  const channel = await model.createConfirmChannel();
  channel.on("error", () => undefined);
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  return {
    model,
    channel,
    track(kind, name) {
      (kind === "queue" ? queues : exchanges).add(name);
      return name;
    },
    async cleanup() {
      // A fresh channel: a test may have left the shared one closed by a channel error.
      const cleaner = await model.createChannel().catch(() => null);
      if (cleaner) {
        cleaner.on("error", () => undefined);
        for (const queue of queues) await cleaner.deleteQueue(queue).catch(() => undefined);
        for (const exchange of exchanges) await cleaner.deleteExchange(exchange).catch(() => undefined);
      }
      await model.close().catch(() => undefined);
    },
  };
}

/** Publishes and waits for the broker's confirms. */
export async function publishConfirmed(channel: ConfirmChannel, exchange: string, routingKey: string, bodies: (string | Buffer)[], options: Parameters<ConfirmChannel["publish"]>[3] = {}) {
  for (const body of bodies) channel.publish(exchange, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), { persistent: true, ...options });
  await channel.waitForConfirms();
}

/** Takes every message off a queue (auto-ack) and returns the bodies with their redelivered flags. */
export async function drainQueue(model: ChannelModel, queue: string): Promise<{ body: string; redelivered: boolean; headers: Record<string, unknown> }[]> {
  const channel = await model.createChannel();
  channel.on("error", () => undefined);
  const out: { body: string; redelivered: boolean; headers: Record<string, unknown> }[] = [];
  try {
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) return out;
      out.push({ body: message.content.toString(), redelivered: message.fields.redelivered, headers: message.properties.headers ?? {} });
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** A console cluster entry for the local RabbitMQ (every vhost the tests use is "/"). */
export function rabbitCluster(id: string, name = "RabbitMQ") {
  return { id, name, kind: "rabbitmq" as const, url: RABBITMQ_URL, managementUrl: RABBITMQ_MANAGEMENT_URL, vhosts: ["/"] };
}

export interface DeadLetterNames {
  /** The exchange orders are published to. */
  orders: string;
  /** The dead-letter exchange. */
  dead: string;
  /** The working queue, bound to `orders`; its dead letters go to `dead`. */
  inventory: string;
  /** The DLQ, bound to `dead`: its name follows no convention, it is found through the dead-letter exchange alone. */
  dlq: string;
}

/**
 * Declares (and tracks for cleanup) a dead-letter topology: `orders` -> `inventory`, whose dead letters
 * go through `dead` (direct, routing key `deadKey`) to `dlq`. Non-durable, per-run names.
 */
export async function assertDeadLetterFlow(
  rabbit: TestRabbit,
  names: DeadLetterNames,
  { ordersType = "direct", binding = "order.created", deadKey = "parked", inventoryArguments = {} }: { ordersType?: "direct" | "topic"; binding?: string; deadKey?: string; inventoryArguments?: Record<string, unknown> } = {},
): Promise<DeadLetterNames> {
  const { channel } = rabbit;
  await channel.assertExchange(rabbit.track("exchange", names.orders), ordersType, { durable: false });
  await channel.assertExchange(rabbit.track("exchange", names.dead), "direct", { durable: false });
  await channel.assertQueue(rabbit.track("queue", names.dlq), { durable: false });
  await channel.bindQueue(names.dlq, names.dead, deadKey);
  await channel.assertQueue(rabbit.track("queue", names.inventory), {
    durable: false,
    arguments: { "x-dead-letter-exchange": names.dead, "x-dead-letter-routing-key": deadKey, ...inventoryArguments },
  });
  await channel.bindQueue(names.inventory, names.orders, binding);
  return names;
}

/**
 * A real consumer takes `count` messages off `queue` and rejects each (basic.reject, no requeue), so
 * RabbitMQ dead-letters them; it returns once all `count` are rejected.
 */
export async function rejectMessages(model: ChannelModel, queue: string, count: number, prefetch = 200): Promise<void> {
  const consumer = await model.createChannel();
  await consumer.prefetch(prefetch);
  let rejected = 0;
  await consumer.consume(queue, (message) => {
    if (!message) return;
    consumer.reject(message, false);
    rejected++;
  });
  await waitFor(async () => rejected >= count || undefined, 60_000, `${count} rejections`);
  await consumer.close();
}

/** The management API's figures for a queue of vhost "/" (they lag a few seconds behind the broker). */
export async function managementQueue(queue: string): Promise<{ messages?: number; messages_ready?: number; messages_unacknowledged?: number }> {
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}/api/queues/%2F/${encodeURIComponent(queue)}`, {
    headers: { authorization: `Basic ${Buffer.from(`${RABBITMQ_USER}:${RABBITMQ_PASS}`).toString("base64")}` },
  });
  return (await response.json()) as { messages?: number; messages_ready?: number; messages_unacknowledged?: number };
}
