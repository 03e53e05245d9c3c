// The seeds' RabbitMQ order flow (../shared/seeds): an order publisher that writes each event to an
// outbox first and relays it with publisher confirms, retrying with backoff until confirmed (a
// `reliable_outbox` in memory), and an inventory consumer with explicit acks that retries a failing
// message (nack + requeue) and, after DEMO_MAX_ATTEMPTS, rejects it (basic.reject, no requeue) into
// the dead-letter exchange, whose queue is the DLQ the console shows.
import { createHash } from "node:crypto";
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from "amqplib";
import { encode, orderCreated, poisonOrderCreated, type Outgoing } from "./events";
import { errorMessage, sleep, type DemoSettings } from "./settings";
import { stats } from "./stats";

export const RABBIT_TOPOLOGY = {
  ordersExchange: "shop.orders",
  deadLetterExchange: "shop.dead-letters",
  inventoryQueue: "inventory.orders",
  inventoryDlq: "inventory.orders.dlq",
  /** A queue nobody consumes: a growing backlog whose oldest message ages (timestamps are set). */
  auditQueue: "audit.orders",
  routingKey: "order.created",
} as const;

/** Declares exchanges, queues and bindings; idempotent (same arguments as before, or RabbitMQ refuses). */
export async function ensureRabbitTopology(channel: Channel): Promise<void> {
  const t = RABBIT_TOPOLOGY;
  await channel.assertExchange(t.ordersExchange, "topic", { durable: true });
  await channel.assertExchange(t.deadLetterExchange, "direct", { durable: true });
  await channel.assertQueue(t.inventoryDlq, { durable: true });
  await channel.bindQueue(t.inventoryDlq, t.deadLetterExchange, t.inventoryQueue);
  await channel.assertQueue(t.inventoryQueue, {
    durable: true,
    arguments: { "x-dead-letter-exchange": t.deadLetterExchange, "x-dead-letter-routing-key": t.inventoryQueue },
  });
  await channel.bindQueue(t.inventoryQueue, t.ordersExchange, "order.*");
  await channel.assertQueue(t.auditQueue, { durable: true, arguments: { "x-max-length": 5_000 } });
  await channel.bindQueue(t.auditQueue, t.ordersExchange, "order.#");
}

interface OutboxRow {
  event: Outgoing;
  attempts: number;
  nextTryAt: number;
}

/** The order publisher: outbox first, then relayed with confirms; failures stay in the outbox. */
export class RabbitOrderPublisher {
  private readonly outbox: OutboxRow[] = [];
  private ids = Date.now() % 1_000_000;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private channel: ConfirmChannel | null = null;

  constructor(
    private readonly model: ChannelModel,
    private readonly settings: DemoSettings,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.channel = await this.model.createConfirmChannel();
    this.channel.on("error", (error: Error) => this.log(`rabbitmq publisher channel: ${error.message}`));
    this.loop = this.run();
  }

  private write(): void {
    const orderId = `R${++this.ids}`;
    const event = Math.random() < this.settings.poisonRate ? poisonOrderCreated(orderId) : encode(orderCreated(orderId));
    this.outbox.push({ event, attempts: 0, nextTryAt: 0 });
  }

  private async relay(): Promise<void> {
    const now = Date.now();
    const due = this.outbox.filter((row) => row.nextTryAt <= now).slice(0, 100);
    await Promise.all(
      due.map(
        (row) =>
          new Promise<void>((resolve) => {
            row.attempts++;
            try {
              this.channel!.publish(
                RABBIT_TOPOLOGY.ordersExchange,
                RABBIT_TOPOLOGY.routingKey,
                Buffer.from(row.event.value),
                { persistent: true, contentType: "application/json", messageId: row.event.id ?? undefined, timestamp: Math.floor(Date.now() / 1000), headers: row.event.headers },
                (error: unknown) => {
                  if (error) this.failed(row, error);
                  else this.confirmed(row);
                  resolve();
                },
              );
            } catch (error) {
              this.failed(row, error);
              resolve();
            }
          }),
      ),
    );
  }

  private confirmed(row: OutboxRow) {
    const index = this.outbox.indexOf(row);
    if (index >= 0) this.outbox.splice(index, 1);
    stats.rabbit.inc("produced");
    if (row.event.kind === "poison") stats.rabbit.inc("poison");
  }

  private failed(row: OutboxRow, error: unknown) {
    stats.rabbit.inc("retries");
    // Exponential backoff, capped: the row stays in the outbox until the broker confirms it.
    row.nextTryAt = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(row.attempts, 7));
    if (row.attempts === 1) this.log(`rabbitmq publish not confirmed (${errorMessage(error)}); kept in the outbox, retrying`);
  }

  private async run(): Promise<void> {
    const every = 1000 / Math.max(this.settings.rate, 0.1);
    while (!this.stopped) {
      this.write();
      await this.relay().catch((error) => this.log(`rabbitmq relay: ${errorMessage(error)}`));
      await sleep(every);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    // One last relay of what is still in the outbox, then the channel closes.
    await this.relay().catch(() => undefined);
    await this.channel?.close().catch(() => undefined);
  }
}

/** The inventory consumer: ack on success, nack + requeue to retry, reject into the DLX after the last attempt. */
export class RabbitInventoryConsumer {
  private channel: Channel | null = null;
  /** Attempts per message id: a classic queue does not count redeliveries itself. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly model: ChannelModel,
    private readonly settings: DemoSettings,
    private readonly log: (line: string) => void,
    private readonly validate: (bytes: Buffer) => void,
  ) {}

  async start(): Promise<void> {
    const channel = await this.model.createChannel();
    this.channel = channel;
    channel.on("error", (error: Error) => this.log(`rabbitmq inventory channel: ${error.message}`));
    await channel.prefetch(20);
    await channel.consume(RABBIT_TOPOLOGY.inventoryQueue, (message) => message && this.handle(channel, message), { noAck: false });
  }

  private handle(channel: Channel, message: ConsumeMessage) {
    // Poison messages may have no id: their bytes identify them across redeliveries.
    const id = message.properties.messageId ?? createHash("sha256").update(message.content).digest("hex");
    try {
      this.validate(message.content);
      this.attempts.delete(id);
      channel.ack(message);
      stats.rabbit.inc("ok");
    } catch {
      const attempt = (this.attempts.get(id) ?? 0) + 1;
      if (attempt < this.settings.maxAttempts) {
        this.attempts.set(id, attempt);
        stats.rabbit.inc("requeued");
        // A short pause before the retry, so a failing message does not spin through the queue.
        setTimeout(() => {
          try {
            channel.nack(message, false, true);
          } catch {
            // channel closed meanwhile: RabbitMQ requeued it already
          }
        }, 300);
      } else {
        this.attempts.delete(id);
        stats.rabbit.inc("dlq");
        channel.reject(message, false); // RabbitMQ dead-letters it: x-death reason "rejected"
      }
    }
  }

  async stop(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
  }
}

export async function connectRabbit(url: string): Promise<ChannelModel> {
  const model = await connect(url, { clientProperties: { connection_name: "eventscope-demo" } });
  model.on("error", () => undefined);
  return model;
}
