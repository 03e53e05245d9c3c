// Creates (or completes) the demo topology on Kafka and JetStream. Idempotent: run it as often as you like.
//   npx tsx scripts/demo/topology.ts
import { Kafka, logLevel } from "kafkajs";
import { RABBIT_TOPOLOGY, connectRabbit, ensureRabbitTopology } from "./rabbitmq-flow";
import { connect, nanos, type NatsConnection } from "@nats-io/transport-node";
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { TOPOLOGY, errorMessage, loadSettings, type DemoSettings } from "./settings";

const DAY_MS = 24 * 3600 * 1000;

export const KAFKA_TOPICS: { topic: string; partitions: number }[] = [
  { topic: TOPOLOGY.kafka.ordersCreated, partitions: 6 },
  { topic: TOPOLOGY.kafka.orderPaid, partitions: 3 },
  { topic: TOPOLOGY.kafka.ordersCreatedDlq, partitions: 1 },
  { topic: TOPOLOGY.kafka.inventoryReserved, partitions: 3 },
];

type StreamSpec = Partial<StreamConfig> & { name: string; subjects: string[] };

export function jetStreamStreams(): StreamSpec[] {
  return [
    {
      name: TOPOLOGY.nats.ordersStream,
      // Commands/facts about orders (orders.created, ...) and versioned domain events (events.order.paid.v1, ...).
      subjects: ["orders.>", "events.order.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(7 * DAY_MS),
      max_bytes: 1024 * 1024 * 1024,
      duplicate_window: nanos(2 * 60 * 1000),
      num_replicas: 1,
    },
    {
      name: TOPOLOGY.nats.dlqStream,
      // dlq.<original subject>; Limits (not WorkQueue) so the console can browse it.
      subjects: ["dlq.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * DAY_MS),
      max_bytes: 512 * 1024 * 1024,
      duplicate_window: nanos(10 * 60 * 1000),
      num_replicas: 1,
    },
    {
      name: TOPOLOGY.nats.advisoriesStream,
      subjects: ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>"],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(7 * DAY_MS),
      num_replicas: 1,
    },
  ];
}

type ConsumerSpec = ConsumerConfig & { durable_name: string };

export function jetStreamConsumers(settings: Pick<DemoSettings, "maxAttempts">): { stream: string; config: ConsumerSpec }[] {
  const base = { ack_policy: AckPolicy.Explicit, ack_wait: nanos(30_000), max_ack_pending: 1000 };
  return [
    {
      stream: TOPOLOGY.nats.ordersStream,
      config: {
        ...base,
        durable_name: TOPOLOGY.nats.consumers.inventory,
        description: "inventory service: reserves stock for orders.created (retries with NakWithDelay, DLQ after MaxDeliver)",
        filter_subject: TOPOLOGY.nats.ordersCreatedSubject,
        deliver_policy: DeliverPolicy.All,
        max_deliver: settings.maxAttempts,
      } as ConsumerSpec,
    },
    {
      stream: TOPOLOGY.nats.ordersStream,
      config: {
        ...base,
        durable_name: TOPOLOGY.nats.consumers.billingSlow,
        description: "billing: deliberately slow (about 1 msg/s), so its backlog grows",
        filter_subject: TOPOLOGY.nats.orderPaidSubject,
        deliver_policy: DeliverPolicy.New,
        max_deliver: 5,
      } as ConsumerSpec,
    },
    {
      stream: TOPOLOGY.nats.ordersStream,
      config: {
        ...base,
        durable_name: TOPOLOGY.nats.consumers.analytics,
        description: "analytics: acknowledged part of the backlog once, then stopped",
        filter_subject: TOPOLOGY.nats.ordersCreatedSubject,
        deliver_policy: DeliverPolicy.All,
        max_deliver: 5,
      } as ConsumerSpec,
    },
  ];
}

export async function ensureKafkaTopology(brokers: string[], log: (line: string) => void = console.log): Promise<void> {
  const kafka = new Kafka({ clientId: "eventscope-demo-topology", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = KAFKA_TOPICS.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })),
      });
    }
    const present = KAFKA_TOPICS.filter((t) => existing.has(t.topic));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
      const grow = present
        .map((t) => ({ t, have: meta.topics.find((m) => m.name === t.topic)?.partitions.length ?? 0 }))
        .filter(({ t, have }) => have < t.partitions);
      if (grow.length > 0) {
        await admin.createPartitions({ topicPartitions: grow.map(({ t }) => ({ topic: t.topic, count: t.partitions })) });
      }
      for (const { t, have } of grow) log(`kafka: ${t.topic} grown from ${have} to ${t.partitions} partitions`);
    }
    log(
      `kafka: topics ready (${KAFKA_TOPICS.map((t) => `${t.topic}/${t.partitions}`).join(", ")})` +
        (missing.length ? `, created ${missing.map((t) => t.topic).join(", ")}` : ", all existed"),
    );
  } finally {
    await admin.disconnect();
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: number | string; api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10059 /* stream not found */ ||
    e?.api_error?.err_code === 10014 /* consumer not found */ ||
    /not found/i.test(e?.message ?? "")
  );
}

async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<"created" | "updated" | "unchanged"> {
  let info;
  try {
    info = await jsm.streams.info(spec.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(spec);
    return "created";
  }
  // Keep whatever subjects someone added, add ours that are missing.
  const subjects = [...new Set([...(info.config.subjects ?? []), ...spec.subjects])];
  const needsSubjects = subjects.length !== (info.config.subjects ?? []).length;
  if (!needsSubjects) return "unchanged";
  await jsm.streams.update(spec.name, { ...info.config, subjects });
  return "updated";
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, config: ConsumerSpec): Promise<"created" | "updated" | "unchanged"> {
  let info;
  try {
    info = await jsm.consumers.info(stream, config.durable_name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
    return "created";
  }
  const c = info.config;
  if (c.max_deliver === config.max_deliver && c.ack_wait === config.ack_wait && c.filter_subject === config.filter_subject) {
    return "unchanged";
  }
  if (c.filter_subject !== config.filter_subject) {
    throw new Error(
      `JetStream consumer ${stream}.${config.durable_name} exists with filter ${c.filter_subject ?? "(none)"}; ` +
        `expected ${config.filter_subject}. Delete it (nats consumer rm ${stream} ${config.durable_name}) and rerun.`,
    );
  }
  await jsm.consumers.update(stream, config.durable_name, {
    max_deliver: config.max_deliver,
    ack_wait: config.ack_wait,
    description: config.description,
  });
  return "updated";
}

export async function ensureJetStreamTopology(
  nc: NatsConnection,
  settings: Pick<DemoSettings, "maxAttempts">,
  log: (line: string) => void = console.log,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const results: string[] = [];
  for (const spec of jetStreamStreams()) {
    try {
      results.push(`${spec.name} ${await ensureStream(jsm, spec)}`);
    } catch (error) {
      throw new Error(`JetStream stream ${spec.name} (subjects ${spec.subjects.join(", ")}): ${errorMessage(error)}`);
    }
  }
  for (const { stream, config } of jetStreamConsumers(settings)) {
    results.push(`${stream}.${config.durable_name} ${await ensureConsumer(jsm, stream, config)}`);
  }
  log(`jetstream: ${results.join(", ")}`);
}

export async function ensureTopology(settings: DemoSettings, log: (line: string) => void = console.log): Promise<void> {
  await ensureKafkaTopology(settings.kafkaBrokers, log);
  const nc = await connect({ servers: settings.natsServers, name: "eventscope-demo-topology" });
  try {
    await ensureJetStreamTopology(nc, settings, log);
  } finally {
    await nc.close();
  }
  if (settings.rabbitmqUrl) {
    const rabbit = await connectRabbit(settings.rabbitmqUrl);
    try {
      const channel = await rabbit.createChannel();
      await ensureRabbitTopology(channel);
      await channel.close();
      const t = RABBIT_TOPOLOGY;
      log(`rabbitmq: exchanges ${t.ordersExchange}, ${t.deadLetterExchange}; queues ${t.inventoryQueue} (dead letters to ${t.inventoryDlq}), ${t.auditQueue}`);
    } finally {
      await rabbit.close().catch(() => undefined);
    }
  }
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  ensureTopology(loadSettings(), (line) => console.log(`[topology] ${line}`)).then(
    () => process.exit(0),
    (error) => {
      console.error(`[topology] failed: ${errorMessage(error)}`);
      process.exit(1);
    },
  );
}
