// A plain amqplib client for test setup, independent of the connector under test, and the names of
// the local RabbitMQ (scripts/test.sh exports them; scripts/brokers-up.sh enables the management API).
import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";

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
