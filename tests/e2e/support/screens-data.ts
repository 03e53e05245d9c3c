// Data for the pages of every kind the screenshots show (tests/e2e/screens.test.ts), each on the
// real service and named for this run: a Kafka topic, a RabbitMQ queue with its dead-letter queue,
// a Redis stream (matching ALL_KIND_CLUSTERS' `e2e-streams-*`) with a consumer group behind, an
// outbox table in PostgreSQL with rows in every state, and a metrics endpoint counting that topic's
// events. `config` is what the console needs to watch the outbox and the endpoint.
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import { createTopics, deleteTopics, produce } from "../../support/kafka-seed";
import { DDL, PG_URL, insertRows, pgDb, seedRows } from "../../support/outbox-seed";
import { connectRabbit, publishConfirmed } from "../../support/rabbitmq";
import { startMetricsEndpoint } from "./metrics-endpoint";
import { KAFKA_BROKERS, REDIS_URL } from "./stack";

export interface ScreensData {
  /** Kafka topic, outbox rows' topic and the metrics' event type. */
  topic: string;
  rabbitQueue: string;
  redisStream: string;
  outboxSource: string;
  outboxTopic: string;
  metricsSource: string;
  eventType: string;
  /** Top-level config fields: `outbox` and `metrics`. */
  config: Record<string, unknown>;
  cleanup(): Promise<void>;
}

export async function seedScreensData(): Promise<ScreensData> {
  const run = randomUUID().slice(0, 8);
  const topic = `e2e-screens-${run}.orders`;
  const orders = Array.from({ length: 40 }, (_, i) => JSON.stringify({ orderId: `order-${run}-${i}`, amount: 10 + i }));

  const kafka = new Kafka({ clientId: "eventscope-e2e-screens", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  await createTopics(kafka, [{ topic }]);
  await produce(kafka, [{ topic, messages: orders.map((value, i) => ({ key: `order-${i}`, value })) }]);

  const rabbit = await connectRabbit();
  const rabbitQueue = rabbit.track("queue", `e2e-screens-${run}.orders`);
  const rabbitDlq = rabbit.track("queue", `${rabbitQueue}.dlq`);
  await rabbit.channel.assertQueue(rabbitDlq, { durable: true });
  await rabbit.channel.assertQueue(rabbitQueue, { durable: true, deadLetterExchange: "", deadLetterRoutingKey: rabbitDlq });
  await publishConfirmed(rabbit.channel, "", rabbitQueue, orders);
  await publishConfirmed(rabbit.channel, "", rabbitDlq, orders.slice(0, 3), { headers: { "x-error": "invalid amount" } });

  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const redisStream = `e2e-streams-screens-${run}`;
  for (const value of orders) await redis.xadd(redisStream, "*", "payload", value);
  // A group that has read and acknowledged a quarter: the list shows lag.
  await redis.xgroup("CREATE", redisStream, "billing", "0");
  const read = (await redis.xreadgroup("GROUP", "billing", "billing-1", "COUNT", 10, "STREAMS", redisStream, ">")) as [string, [string, string[]][]][];
  await redis.xack(redisStream, "billing", ...read[0]![1].map(([id]) => id));

  const db = await pgDb();
  const outboxTable = `outbox_e2e_${run}`;
  await db.exec(DDL.postgres(outboxTable));
  await insertRows(db, "postgres", outboxTable, seedRows(), topic);

  const metrics = await startMetricsEndpoint(topic);

  return {
    topic,
    rabbitQueue,
    redisStream,
    outboxSource: "e2e-outbox",
    outboxTopic: topic,
    metricsSource: "e2e-inventory",
    eventType: topic,
    config: {
      outbox: [{ id: "e2e-outbox", kind: "postgres", url: PG_URL, table: outboxTable, maxAttempts: 5, retryGraceSeconds: 60, warnAgeSeconds: 60 }],
      metrics: [{ id: "e2e-inventory", url: metrics.url, cluster: "local-kafka", samplingIntervalMs: 1000 }],
    },
    async cleanup() {
      await metrics.close();
      await db.exec(`DROP TABLE IF EXISTS ${outboxTable}`).catch(() => undefined);
      await db.close();
      await redis.del(redisStream).catch(() => undefined);
      redis.disconnect();
      await rabbit.cleanup();
      await deleteTopics(kafka, [topic]);
    },
  };
}
