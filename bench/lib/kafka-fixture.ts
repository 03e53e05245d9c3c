// Builds the Kafka data the benchmarks measure: topics of N partitions with a few messages each, and
// consumer groups with committed offsets. Idempotent: what already exists is kept, so a second run
// reuses the first run's topics and groups. Never pointed at the shared 9092 broker by default.
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { mapWithConcurrency } from "@/lib/brokers/errors";
import { createInternalCluster, type KafkaInternalCluster } from "@/lib/brokers/kafka/internal-cluster";
import { existsSync, readFileSync } from "node:fs";
import { int } from "./common";

export const TOPIC_PREFIX = "bench-t-";
export const GROUP_PREFIX = "bench-g-";
export const LIST_TOPIC = "bench-list";
export const LIST_GROUP_PREFIX = "bench-list-g-";

export function benchBrokers(): string[] {
  const brokers = (process.env.BENCH_KAFKA_BROKERS ?? "127.0.0.1:19092").split(",").map((entry) => entry.trim());
  if (brokers.some((broker) => /:9092$/.test(broker)) && process.env.BENCH_ALLOW_SHARED_BROKER !== "1") {
    throw new Error(
      `refusing to create thousands of topics and groups on ${brokers.join(", ")} (the shared dev/test broker). ` +
        "Start a separate one: KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 bash scripts/brokers-up.sh " +
        "(or set BENCH_ALLOW_SHARED_BROKER=1 if you really mean it).",
    );
  }
  return brokers;
}

interface InternalBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

export class KafkaFixture {
  readonly kafka: Kafka;
  readonly admin: Admin;
  private readonly cluster: KafkaInternalCluster & {
    findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
  };
  private producer: Producer | undefined;

  constructor(readonly brokers: string[]) {
    this.kafka = new Kafka({
      clientId: "eventscope-bench-setup",
      brokers,
      logLevel: logLevel.NOTHING,
      requestTimeout: 120_000,
      // A loaded one-node broker answers NOT_LEADER / UNKNOWN_TOPIC for a while after creating
      // thousands of partitions: setup retries patiently (the measured connector does not).
      retry: { retries: 15, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    this.admin = this.kafka.admin();
    this.cluster = createInternalCluster(this.kafka) as typeof this.cluster;
  }

  async connect(): Promise<void> {
    await Promise.all([this.admin.connect(), this.cluster.connect()]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.disconnect(), this.cluster.disconnect(), this.producer?.disconnect()]);
  }

  async topicNames(): Promise<Set<string>> {
    return new Set(await this.admin.listTopics());
  }

  async groupNames(): Promise<Set<string>> {
    const { groups } = await this.admin.listGroups();
    return new Set(groups.map((group) => group.groupId));
  }

  /**
   * Makes sure topics `bench-t-00000` .. `bench-t-<count-1>` exist with `partitions` partitions each and
   * `messagesPerPartition` messages in every partition. Returns what it did and how long it took.
   */
  async ensureTopics(
    count: number,
    partitions: number,
    messagesPerPartition: number,
    log: (line: string) => void,
  ): Promise<{ created: number; createSeconds: number; produceSeconds: number; batches: { topics: number; ms: number }[] }> {
    const wanted = Array.from({ length: count }, (_, index) => benchTopic(index));
    const existing = await this.topicNames();
    const missing = wanted.filter((topic) => !existing.has(topic));
    const batchSize = Number(process.env.BENCH_CREATE_BATCH ?? 100);
    const batches: { topics: number; ms: number }[] = [];
    const createStart = performance.now();
    for (let index = 0; index < missing.length; index += batchSize) {
      const batch = missing.slice(index, index + batchSize);
      const started = performance.now();
      await this.admin.createTopics({
        topics: batch.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
        waitForLeaders: false,
        timeout: 120_000,
      });
      await this.waitForLeaders(batch, partitions);
      const took = performance.now() - started;
      batches.push({ topics: batch.length, ms: took });
      log(
        `  created ${int(index + batch.length)}/${int(missing.length)} topics (${int(batch.length * partitions)} partitions in ${(took / 1000).toFixed(1)} s)`,
      );
    }
    const createSeconds = (performance.now() - createStart) / 1000;

    const produceStart = performance.now();
    // Topics created by an earlier, interrupted run may still be empty: fill those too.
    const empty = messagesPerPartition > 0 ? await this.emptyTopics(wanted.filter((topic) => existing.has(topic)), partitions) : [];
    if (empty.length > 0) log(`  ${int(empty.length)} existing topics have empty partitions; producing to them too`);
    const toFill = [...missing, ...empty];
    if (toFill.length > 0 && messagesPerPartition > 0) {
      this.producer ??= this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
      for (let index = 0; index < toFill.length; index += 100) {
        const chunk = toFill.slice(index, index + 100);
        await this.producer.sendBatch({
          topicMessages: chunk.map((topic) => ({
            topic,
            messages: Array.from({ length: partitions * messagesPerPartition }, (_, n) => ({
              partition: n % partitions,
              key: `k${n}`,
              value: JSON.stringify({ id: `${topic}-${n}`, at: Date.now() }),
            })),
          })),
        });
      }
      log(`  produced ${int(toFill.length * partitions * messagesPerPartition)} messages`);
    }
    return { created: missing.length, createSeconds, produceSeconds: (performance.now() - produceStart) / 1000, batches };
  }

  /**
   * Makes sure the named groups exist with committed offsets. Offsets are committed the way Kafka's
   * own AdminClient.alterConsumerGroupOffsets / `kafka-consumer-groups --reset-offsets` does it: an
   * OffsetCommit with generation -1 to the group's coordinator (an "Empty" group, no members).
   * kafkajs's admin.setOffsets instead joins a throw-away consumer and waits for its first fetch:
   * measured at ~5 s per group (32 in parallel: 5.5 s), i.e. half an hour for 10,000 groups.
   */
  private async emptyTopics(topics: string[], partitions: number): Promise<string[]> {
    if (topics.length === 0) return [];
    await this.cluster.addMultipleTargetTopics(topics);
    const highs = await this.cluster.fetchTopicsOffset(
      topics.map((topic) => ({ topic, fromBeginning: false, partitions: Array.from({ length: partitions }, (_, partition) => ({ partition })) })),
    );
    return highs.filter((topic) => topic.partitions.some((p) => Number(p.offset) === 0)).map((topic) => topic.topic);
  }

  /**
   * kafkajs's `waitForLeaders` retries only LEADER_NOT_AVAILABLE; under load a KRaft broker answers
   * UNKNOWN_TOPIC_OR_PARTITION for a moment after CreateTopics returns, which kafkajs throws. Poll
   * metadata until every partition has a leader instead.
   */
  private async waitForLeaders(topics: string[], partitions: number): Promise<void> {
    const deadline = Date.now() + 300_000;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const { topics: found } = await this.admin.fetchTopicMetadata({ topics });
        const ready = found.filter((topic) => topic.partitions.length === partitions && topic.partitions.every((p) => p.leader >= 0));
        if (ready.length === topics.length) return;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`topics not ready after 300 s: ${String(last)}`);
  }

  async ensureGroups(
    groups: { groupId: string; topic: string; partitions: number[]; offset: number }[],
    log: (line: string) => void,
  ): Promise<{ created: number; seconds: number }> {
    const existing = await this.groupNames();
    const missing = groups.filter((group) => !existing.has(group.groupId));
    const started = performance.now();
    let done = 0;
    await mapWithConcurrency(missing, Number(process.env.BENCH_COMMIT_CONCURRENCY ?? 32), async (group) => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId: group.groupId });
      await coordinator.offsetCommit({
        groupId: group.groupId,
        groupGenerationId: -1,
        memberId: "",
        retentionTime: -1,
        topics: [{ topic: group.topic, partitions: group.partitions.map((partition) => ({ partition, offset: String(group.offset) })) }],
      });
      done++;
      if (done % 1000 === 0) log(`  committed offsets for ${int(done)}/${int(missing.length)} groups`);
    });
    await this.cluster.refreshMetadataIfNecessary();
    return { created: missing.length, seconds: (performance.now() - started) / 1000 };
  }

  async ensureListTopic(): Promise<void> {
    if ((await this.topicNames()).has(LIST_TOPIC)) return;
    await this.admin.createTopics({ topics: [{ topic: LIST_TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    this.producer ??= this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    await this.producer.send({ topic: LIST_TOPIC, messages: [{ value: "a" }, { value: "b" }, { value: "c" }] });
  }
}

export const benchTopic = (index: number) => `${TOPIC_PREFIX}${String(index).padStart(5, "0")}`;
export const benchGroup = (index: number) => `${GROUP_PREFIX}${String(index).padStart(5, "0")}`;
export const listGroup = (index: number) => `${LIST_GROUP_PREFIX}${String(index).padStart(5, "0")}`;

/** The Kafka version brokers-up recorded for a local port (`.data/kafka-<port>/kafka-version`), if any. */
export function localKafkaVersion(brokers: string[]): string {
  const match = /^(?:127\.0\.0\.1|localhost):(\d+)$/.exec(brokers[0] ?? "");
  const file = match ? `.data/kafka-${match[1]}/kafka-version` : undefined;
  return file && existsSync(file) ? readFileSync(file, "utf8").trim() : "unknown (not a brokers-up broker)";
}
