// Synthetic cluster snapshots for the benchmarks that need no broker (memory, derive experiments).
import type { ClusterSnapshot, ConsumerSummary } from "@/lib/brokers/types";
import { kafkaPartitionLag, totalLag } from "@/lib/metrics/partition-lag";

export const PARTITIONS_PER_TOPIC = 10;

// Deterministic pseudo-random rates so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

export class SyntheticCluster {
  readonly highs: Float64Array;
  readonly rates: Float64Array;
  readonly committed: Float64Array;
  at = Date.UTC(2026, 10, 24, 0, 0, 0);

  constructor(
    private readonly topicCount: number,
    private readonly groupCount: number,
    private readonly intervalMs: number,
  ) {
    const partitions = topicCount * PARTITIONS_PER_TOPIC;
    this.highs = new Float64Array(partitions);
    this.rates = new Float64Array(partitions).map(() => Math.floor(random() * 40)); // 0-40 msg/s
    this.committed = new Float64Array(groupCount * PARTITIONS_PER_TOPIC);
  }

  next(): ClusterSnapshot {
    this.at += this.intervalMs;
    for (let i = 0; i < this.highs.length; i++) this.highs[i] += this.rates[i] * (this.intervalMs / 1000);
    const topics: ClusterSnapshot["topics"] = [];
    for (let t = 0; t < this.topicCount; t++) {
      const partitions = [];
      for (let p = 0; p < PARTITIONS_PER_TOPIC; p++) {
        const high = this.highs[t * PARTITIONS_PER_TOPIC + p];
        partitions.push({ partition: p, low: 0, high, messages: high });
      }
      topics.push({ name: `orders.t${String(t).padStart(4, "0")}.v1`, partitions, bytes: null });
    }
    const consumers: ConsumerSummary[] = [];
    for (let g = 0; g < this.groupCount; g++) {
      const topicIndex = g % this.topicCount;
      const topic = topics[topicIndex];
      // Most groups keep up; every 10th is slow; every 50th is stopped (never commits again).
      const speed = g % 50 === 0 ? 0 : g % 10 === 0 ? 0.7 : 1;
      const partitions = topic.partitions.map((p) => {
        const slot = g * PARTITIONS_PER_TOPIC + p.partition;
        const target = p.high - Math.floor(random() * 20);
        this.committed[slot] = Math.max(this.committed[slot], Math.floor(this.committed[slot] + (target - this.committed[slot]) * speed));
        return kafkaPartitionLag({ topic: topic.name, partition: p.partition, committed: this.committed[slot], low: p.low, high: p.high });
      });
      consumers.push({
        group: `svc-${String(g).padStart(4, "0")}-consumer`,
        state: "Stable",
        members: 3,
        topics: [topic.name],
        lag: totalLag(partitions),
        partitions,
      });
    }
    return { at: this.at, topics, consumers };
  }
}
