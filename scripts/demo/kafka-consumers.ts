// Kafka consumers of the demo: inventory-service (retries, idempotency, DLQ), billing-slow, analytics (stopped).
import { randomUUID } from "node:crypto";
import { Partitioners, type Admin, type Consumer, type IHeaders, type Kafka, type KafkaMessage, type Producer } from "kafkajs";
import { PoisonError, TransientError, parseOrderCreated, parseOrderPaid } from "./events";
import { IdempotencyStore } from "./idempotency";
import { stats } from "./stats";
import { INVENTORY_EVENT_TYPE, processed } from "./processing-metrics";
import { TOPOLOGY, errorMessage, sleep, type DemoSettings } from "./settings";

const RETRY_BASE_MS = 200;
/** Thrown out of eachMessage when stopping mid-retry, so kafkajs neither resolves nor commits the offset. */
export const STOPPING_MARK = "stopping: message left uncommitted";

/** Backoff before attempt n+1: 200 ms, 400 ms, 800 ms, ... */
export const retryDelayMs = (attempt: number) => RETRY_BASE_MS * 2 ** (attempt - 1);

export class KafkaInventoryService {
  private consumer: Consumer;
  private producer: Producer;
  private readonly abort = new AbortController();

  constructor(
    kafka: Kafka,
    private readonly store: IdempotencyStore,
    private readonly settings: DemoSettings,
    private readonly log: (line: string) => void,
  ) {
    this.consumer = kafka.consumer({
      groupId: TOPOLOGY.kafka.groups.inventory,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 1000, // a short fetch wait: disconnect (Ctrl-C) waits for the fetch in flight
    });
    this.producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPOLOGY.kafka.ordersCreated], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        let lastError: unknown = null;
        let attempts = 0;
        for (attempts = 1; attempts <= this.settings.maxAttempts; attempts++) {
          try {
            await this.handle(message, attempts);
            lastError = null;
            break;
          } catch (error) {
            lastError = error;
            processed.kafkaInventory.inc(INVENTORY_EVENT_TYPE, "failure");
            if (attempts < this.settings.maxAttempts) {
              stats.kafkaInventory.inc("retried");
              await sleep(retryDelayMs(attempts), this.abort.signal);
              if (this.abort.signal.aborted) throw new Error(STOPPING_MARK);
              await heartbeat();
            }
          }
        }
        if (lastError) {
          await this.deadLetter(topic, partition, message, lastError, Math.min(attempts, this.settings.maxAttempts));
        }
        // Commit only once the message is done: processed, skipped as a duplicate, or safely in the DLQ.
        await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  private async handle(message: KafkaMessage, attempt: number): Promise<void> {
    const event = parseOrderCreated(message.value);
    if (!(await this.store.claim(event.id, TOPOLOGY.kafka.groups.inventory))) {
      stats.kafkaInventory.inc("dup");
      processed.kafkaInventory.inc(INVENTORY_EVENT_TYPE, "duplicate");
      return;
    }
    try {
      if (attempt === 1 && Math.random() < this.settings.transientRate) {
        throw new TransientError("inventory database timeout after 250 ms");
      }
      await this.producer.send({
        topic: TOPOLOGY.kafka.inventoryReserved,
        messages: [
          {
            key: event.data.order_id,
            value: JSON.stringify({
              id: randomUUID(),
              type: "inventory.reserved",
              version: 1,
              occurred_at: new Date().toISOString(),
              source: "inventory-service",
              causation_id: event.id,
              data: { order_id: event.data.order_id, items: event.data.items },
            }),
            headers: { "content-type": "application/json", "x-event-type": "inventory.reserved" },
          },
        ],
      });
    } catch (error) {
      // Give the claim back, or the retry would be skipped as a "duplicate".
      await this.store.release(event.id).catch(() => {});
      throw error;
    }
    stats.kafkaInventory.inc("ok");
    processed.kafkaInventory.inc(INVENTORY_EVENT_TYPE, "success");
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: unknown, attempts: number) {
    const headers: IHeaders = { ...(message.headers ?? {}) };
    headers["x-original-topic"] = topic;
    headers["x-original-partition"] = String(partition);
    headers["x-original-offset"] = message.offset;
    headers["x-original-timestamp"] = message.timestamp;
    headers["x-error"] = errorMessage(error);
    headers["x-error-class"] = error instanceof PoisonError ? "poison" : error instanceof TransientError ? "transient" : "error";
    headers["x-attempts"] = String(attempts);
    headers["x-consumer-group"] = TOPOLOGY.kafka.groups.inventory;
    headers["x-failed-at"] = new Date().toISOString();
    await this.producer.send({
      topic: TOPOLOGY.kafka.ordersCreatedDlq,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    stats.kafkaInventory.inc("dlq");
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer.disconnect().catch(() => {});
    await this.producer.disconnect().catch(() => {});
  }
}

/** billing-slow: handles about DEMO_SLOW_RATE messages per second, whatever arrives, so its lag keeps growing. */
export class KafkaBillingSlow {
  private consumer: Consumer;
  private readonly abort = new AbortController();

  constructor(
    kafka: Kafka,
    private readonly store: IdempotencyStore,
    private readonly settings: DemoSettings,
  ) {
    this.consumer = kafka.consumer({
      groupId: TOPOLOGY.kafka.groups.billingSlow,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 1000,
      maxBytesPerPartition: 64 * 1024,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPOLOGY.kafka.orderPaid], fromBeginning: false });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 5000,
      eachMessage: async ({ message }) => {
        const started = Date.now();
        try {
          const event = parseOrderPaid(message.value);
          if (await this.store.claim(event.id, TOPOLOGY.kafka.groups.billingSlow)) stats.billingSlow.inc("kafka");
          else stats.billingSlow.inc("dup");
        } catch (error) {
          if (!(error instanceof PoisonError)) throw error;
          stats.billingSlow.inc("bad");
        }
        await sleep(Math.max(0, 1000 / this.settings.slowRate - (Date.now() - started)), this.abort.signal);
      },
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer.disconnect().catch(() => {});
  }
}

/**
 * analytics: a group that consumed part of orders.created once, committed, and was never started again.
 * Runs only while the group has no committed offset, so on later runs it stays where it stopped.
 */
export async function runKafkaAnalyticsOnce(
  kafka: Kafka,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const topic = TOPOLOGY.kafka.ordersCreated;
  const groupId = TOPOLOGY.kafka.groups.analytics;
  const admin: Admin = kafka.admin();
  await admin.connect();
  let targets: Map<number, { low: number; target: number }>;
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = committed.flatMap((t) => t.partitions).filter((p) => Number(p.offset) >= 0);
    if (done.length > 0) {
      stats.analytics.kafka = "stopped(earlier)";
      log(`analytics (kafka): already stopped at ${done.map((p) => `p${p.partition}@${p.offset}`).join(" ")}; left alone`);
      return;
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    targets = new Map(
      offsets.map((o) => {
        const low = Number(o.low);
        const high = Number(o.high);
        return [o.partition, { low, target: low + Math.floor((high - low) / 2) }];
      }),
    );
  } finally {
    await admin.disconnect();
  }

  const next = new Map<number, number>([...targets].map(([p, t]) => [p, t.low]));
  const remaining = () => [...targets].filter(([p, t]) => (next.get(p) ?? 0) < t.target).map(([p]) => p);
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
  stats.analytics.kafka = "consuming";
  await consumer.connect();
  let finished!: () => void;
  const allReached = new Promise<void>((resolve) => (finished = resolve));
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const t = targets.get(partition);
        const offset = Number(message.offset);
        if (!t || offset >= t.target) {
          consumer.pause([{ topic, partitions: [partition] }]);
        } else {
          next.set(partition, offset + 1);
        }
        if (remaining().length === 0) finished();
      },
    });
    if (remaining().length === 0) finished();
    const timeout = sleep(30_000, signal);
    await Promise.race([allReached, timeout]);
    const commits = [...targets].map(([partition]) => ({ topic, partition, offset: String(next.get(partition) ?? 0) }));
    await consumer.commitOffsets(commits);
    const total = [...targets].reduce((sum, [p, t]) => sum + ((next.get(p) ?? 0) - t.low), 0);
    stats.analytics.kafka = `stopped@${total}`;
    log(`analytics (kafka): consumed ${total} messages, committed ${commits.map((c) => `p${c.partition}@${c.offset}`).join(" ")}, stopped for good`);
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}
