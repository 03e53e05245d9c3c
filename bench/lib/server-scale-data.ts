// The data the server benchmarks measure at scale, built on the bench broker: topics of 10 partitions
// (bench-t-NNNNN, shared with bench/sampling.ts) and consumer groups that each committed offsets on
// several whole topics (bench-sg-NNNNN), so a group spans e.g. 30 partitions as a real service
// reading three topics does. Idempotent: what exists is kept.
import { mapWithConcurrency } from "@/lib/brokers/errors";
import { createInternalCluster } from "@/lib/brokers/kafka/internal-cluster";
import { int } from "./common";
import { KafkaFixture, benchTopic } from "./kafka-fixture";

export const SCALE_GROUP_PREFIX = "bench-sg-";
export const PARTITIONS_PER_TOPIC = 10;
export const scaleGroup = (index: number) => `${SCALE_GROUP_PREFIX}${String(index).padStart(5, "0")}`;

interface CommittingBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

export interface ScaleShape {
  topics: number;
  groups: number;
  /** Whole topics each group committed on (x 10 partitions each). */
  topicsPerGroup: number;
}

/** Makes sure the topics and groups of `shape` exist; logs progress. */
export async function ensureScaleData(brokers: string[], shape: ScaleShape, log: (line: string) => void): Promise<void> {
  const fixture = new KafkaFixture(brokers);
  await fixture.connect();
  try {
    const topics = await fixture.ensureTopics(shape.topics, PARTITIONS_PER_TOPIC, 3, log);
    if (topics.created > 0) log(`setup: created ${int(topics.created)} topics in ${topics.createSeconds.toFixed(0)} s`);
    const existing = await fixture.groupNames();
    const missing = Array.from({ length: shape.groups }, (_, index) => index).filter((index) => !existing.has(scaleGroup(index)));
    if (missing.length === 0) return;
    const cluster = createInternalCluster(fixture.kafka) as ReturnType<typeof createInternalCluster> & {
      findGroupCoordinator(args: { groupId: string }): Promise<CommittingBroker>;
    };
    await cluster.connect();
    const started = performance.now();
    let done = 0;
    try {
      await mapWithConcurrency(missing, 32, async (index) => {
        const coordinator = await cluster.findGroupCoordinator({ groupId: scaleGroup(index) });
        // As Kafka's AdminClient.alterConsumerGroupOffsets does it: generation -1, no member.
        await coordinator.offsetCommit({
          groupId: scaleGroup(index),
          groupGenerationId: -1,
          memberId: "",
          retentionTime: -1,
          topics: Array.from({ length: shape.topicsPerGroup }, (_, k) => ({
            topic: benchTopic((index * shape.topicsPerGroup + k) % shape.topics),
            partitions: Array.from({ length: PARTITIONS_PER_TOPIC }, (__, partition) => ({ partition, offset: "1" })),
          })),
        });
        if (++done % 500 === 0) log(`  committed offsets for ${int(done)}/${int(missing.length)} groups`);
      });
    } finally {
      await cluster.disconnect();
    }
    log(`setup: committed ${int(missing.length * shape.topicsPerGroup * PARTITIONS_PER_TOPIC)} offsets for ${int(missing.length)} groups in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await fixture.close();
  }
}
