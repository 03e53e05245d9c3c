// Reports what the demo left on the brokers: DLQ contents and headers, advisories, idempotency records, lag.
//   npx tsx scripts/demo/verify.ts            (human-readable)
//   npx tsx scripts/demo/verify.ts --json     (one JSON object, used by tests/integration/demo-services.test.ts)
// Read-only except for a short-lived Kafka consumer group (eventscope-demo-verify) that is deleted afterwards.
import { Kafka, logLevel, type IHeaders } from "kafkajs";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import Redis from "ioredis";
import { PROCESSED_PREFIX } from "./idempotency";
import { TOPOLOGY, errorMessage, loadSettings, sleep } from "./settings";

const VERIFY_GROUP = "eventscope-demo-verify";

export interface DemoReport {
  kafka: {
    dlq: { messages: number; sampled: number; withAllHeaders: number; errors: Record<string, number>; sample?: Record<string, string> };
    topics: Record<string, number>;
    groups: Record<string, { lag: number; committedPartitions: number; partitions: number }>;
  };
  nats: {
    dlq: { messages: number; sampled: number; withAllHeaders: number; errors: Record<string, number>; sample?: Record<string, string> };
    advisories: { maxDeliveries: number; terminated: number };
    ordersMessages: number;
    consumers: Record<string, { numPending: number; numAckPending: number; lag: number; ackFloor: number }>;
  };
  redis: { processedKeys: number; sample?: { key: string; ttlSeconds: number; value: string } };
}

export const DLQ_HEADERS = ["x-original-topic", "x-original-partition", "x-original-offset", "x-error", "x-attempts"] as const;

const str = (v: IHeaders[string]): string => (v === undefined ? "" : Array.isArray(v) ? String(v[0]) : String(v));
/** Groups error messages by their stable prefix ("invalid JSON: ...", "missing field: data.order_id"). */
const errorKind = (e: string) => (e.startsWith("invalid JSON") ? "invalid JSON" : e);

async function kafkaReport(brokers: string[], sampleLimit: number): Promise<DemoReport["kafka"]> {
  const kafka = new Kafka({ clientId: "eventscope-demo-verify", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics: Record<string, number> = {};
    const highs: Record<string, Map<number, number>> = {};
    for (const topic of [
      TOPOLOGY.kafka.ordersCreated,
      TOPOLOGY.kafka.orderPaid,
      TOPOLOGY.kafka.ordersCreatedDlq,
      TOPOLOGY.kafka.inventoryReserved,
    ]) {
      const offsets = await admin.fetchTopicOffsets(topic);
      topics[topic] = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
      highs[topic] = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    }
    const groups: DemoReport["kafka"]["groups"] = {};
    const groupTopics: [string, string][] = [
      [TOPOLOGY.kafka.groups.inventory, TOPOLOGY.kafka.ordersCreated],
      [TOPOLOGY.kafka.groups.billingSlow, TOPOLOGY.kafka.orderPaid],
      [TOPOLOGY.kafka.groups.analytics, TOPOLOGY.kafka.ordersCreated],
    ];
    for (const [groupId, topic] of groupTopics) {
      const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
      let lag = 0;
      let committedPartitions = 0;
      for (const p of committed) {
        const high = highs[topic]!.get(p.partition) ?? 0;
        const c = Number(p.offset);
        if (c >= 0) {
          committedPartitions += 1;
          lag += Math.max(0, high - c);
        } else {
          lag += high; // no commit yet: everything (low is 0 in the demo's short-lived topics)
        }
      }
      groups[groupId] = { lag, committedPartitions, partitions: highs[topic]!.size };
    }

    // Read the DLQ's last messages (headers included) with a throwaway group.
    const dlqTopic = TOPOLOGY.kafka.ordersCreatedDlq;
    const dlqOffsets = await admin.fetchTopicOffsets(dlqTopic);
    const dlq: DemoReport["kafka"]["dlq"] = { messages: topics[dlqTopic]!, sampled: 0, withAllHeaders: 0, errors: {} };
    const want = Math.min(sampleLimit, dlq.messages);
    if (want > 0) {
      const consumer = kafka.consumer({ groupId: VERIFY_GROUP, sessionTimeout: 10_000, heartbeatInterval: 1000 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
        let reached: () => void;
        const done = new Promise<void>((r) => (reached = r));
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            if (dlq.sampled >= want) return;
            const h = message.headers ?? {};
            dlq.sampled += 1;
            if (DLQ_HEADERS.every((name) => str(h[name]) !== "")) dlq.withAllHeaders += 1;
            const kind = errorKind(str(h["x-error"]));
            dlq.errors[kind] = (dlq.errors[kind] ?? 0) + 1;
            if (!dlq.sample) dlq.sample = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, str(v)]));
            if (dlq.sampled >= want) reached();
          },
        });
        // Start from the tail so a long-running DLQ is not read whole.
        for (const o of dlqOffsets) {
          const start = Math.max(Number(o.low), Number(o.high) - want);
          consumer.seek({ topic: dlqTopic, partition: o.partition, offset: String(start) });
        }
        await Promise.race([done, sleep(20_000)]);
      } finally {
        await consumer.disconnect().catch(() => {});
        await admin.deleteGroups([VERIFY_GROUP]).catch(() => {});
      }
    }
    return { dlq, topics, groups };
  } finally {
    await admin.disconnect();
  }
}

async function natsReport(servers: string[], sampleLimit: number): Promise<DemoReport["nats"]> {
  const nc = await connect({ servers, name: "eventscope-demo-verify" });
  try {
    const jsm = await jetstreamManager(nc);
    const dlqInfo = await jsm.streams.info(TOPOLOGY.nats.dlqStream);
    const dlq: DemoReport["nats"]["dlq"] = { messages: dlqInfo.state.messages, sampled: 0, withAllHeaders: 0, errors: {} };
    for (let seq = dlqInfo.state.last_seq; seq >= dlqInfo.state.first_seq && dlq.sampled < sampleLimit && seq > 0; seq--) {
      const m = await jsm.streams.getMessage(TOPOLOGY.nats.dlqStream, { seq });
      if (!m) continue;
      dlq.sampled += 1;
      const h = m.header;
      if (DLQ_HEADERS.every((name) => (h?.get(name) ?? "") !== "")) dlq.withAllHeaders += 1;
      const kind = errorKind(h?.get("x-error") ?? "");
      dlq.errors[kind] = (dlq.errors[kind] ?? 0) + 1;
      if (!dlq.sample && h) dlq.sample = { subject: m.subject, ...Object.fromEntries(h.keys().map((k) => [k, h.get(k)])) };
    }
    const advisories = { maxDeliveries: 0, terminated: 0 };
    const adv = await jsm.streams.info(TOPOLOGY.nats.advisoriesStream, { subjects_filter: ">" });
    for (const [subject, count] of Object.entries(adv.state.subjects ?? {})) {
      if (subject.includes(".MAX_DELIVERIES.")) advisories.maxDeliveries += count;
      if (subject.includes(".MSG_TERMINATED.")) advisories.terminated += count;
    }
    const orders = await jsm.streams.info(TOPOLOGY.nats.ordersStream);
    const consumers: DemoReport["nats"]["consumers"] = {};
    for (const name of Object.values(TOPOLOGY.nats.consumers)) {
      const ci = await jsm.consumers.info(TOPOLOGY.nats.ordersStream, name);
      consumers[name] = {
        numPending: ci.num_pending,
        numAckPending: ci.num_ack_pending,
        lag: ci.num_pending + ci.num_ack_pending,
        ackFloor: ci.ack_floor.stream_seq,
      };
    }
    return { dlq, advisories, ordersMessages: orders.state.messages, consumers };
  } finally {
    await nc.close();
  }
}

async function redisReport(url: string): Promise<DemoReport["redis"]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    let count = 0;
    let first: string | null = null;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${PROCESSED_PREFIX}*`, "COUNT", 1000);
      cursor = next;
      count += keys.length;
      first ??= keys[0] ?? null;
    } while (cursor !== "0");
    const report: DemoReport["redis"] = { processedKeys: count };
    if (first) report.sample = { key: first, ttlSeconds: await redis.ttl(first), value: (await redis.get(first)) ?? "" };
    return report;
  } finally {
    redis.disconnect();
  }
}

export async function demoReport(sampleLimit = 200): Promise<DemoReport> {
  const s = loadSettings();
  const [kafka, nats, redis] = await Promise.all([
    kafkaReport(s.kafkaBrokers, sampleLimit),
    natsReport(s.natsServers, sampleLimit),
    redisReport(s.redisUrl),
  ]);
  return { kafka, nats, redis };
}

function human(r: DemoReport): string {
  const lines = [
    `kafka topics: ${Object.entries(r.kafka.topics).map(([t, n]) => `${t}=${n}`).join(" ")}`,
    `kafka ${TOPOLOGY.kafka.ordersCreatedDlq}: ${r.kafka.dlq.messages} messages; last ${r.kafka.dlq.sampled} read, ${r.kafka.dlq.withAllHeaders} with all x-original-*/x-error/x-attempts headers`,
    `  errors: ${JSON.stringify(r.kafka.dlq.errors)}`,
    `  sample headers: ${JSON.stringify(r.kafka.dlq.sample ?? {})}`,
    `kafka groups: ${Object.entries(r.kafka.groups).map(([g, v]) => `${g} lag=${v.lag} (committed ${v.committedPartitions}/${v.partitions} partitions)`).join(", ")}`,
    `jetstream ${TOPOLOGY.nats.dlqStream}: ${r.nats.dlq.messages} messages; last ${r.nats.dlq.sampled} read, ${r.nats.dlq.withAllHeaders} with all headers`,
    `  errors: ${JSON.stringify(r.nats.dlq.errors)}`,
    `  sample: ${JSON.stringify(r.nats.dlq.sample ?? {})}`,
    `jetstream ${TOPOLOGY.nats.advisoriesStream}: MAX_DELIVERIES=${r.nats.advisories.maxDeliveries} MSG_TERMINATED=${r.nats.advisories.terminated}`,
    `jetstream ${TOPOLOGY.nats.ordersStream}: ${r.nats.ordersMessages} messages; consumers ${Object.entries(r.nats.consumers).map(([c, v]) => `${c} lag=${v.lag} (pending ${v.numPending}, ack pending ${v.numAckPending})`).join(", ")}`,
    `redis: ${r.redis.processedKeys} ${PROCESSED_PREFIX}* keys; sample ${JSON.stringify(r.redis.sample ?? null)}`,
  ];
  return lines.join("\n");
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  demoReport().then(
    (r) => {
      console.log(process.argv.includes("--json") ? JSON.stringify(r) : human(r));
      process.exit(0);
    },
    (error) => {
      console.error(`verify failed: ${errorMessage(error)}`);
      process.exit(1);
    },
  );
}
