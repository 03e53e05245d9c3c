import type { PartitionLag } from "@/lib/brokers/types";

// Kafka lag as API.md defines it: high watermark minus committed offset. With no commit yet the
// whole retained log is outstanding (high minus low), and the partition is flagged as such.
export function kafkaPartitionLag(input: {
  topic: string;
  partition: number;
  committed: number | null;
  low: number;
  high: number;
}): PartitionLag {
  const { topic, partition, low, high } = input;
  if (input.committed === null || input.committed < 0) {
    return { topic, partition, committed: null, high, lag: Math.max(0, high - low), noCommit: true };
  }
  // A commit below the low watermark (retention deleted the messages) still counts only what exists.
  const effective = Math.max(input.committed, low);
  return { topic, partition, committed: input.committed, high, lag: Math.max(0, high - effective) };
}

export function totalLag(partitions: PartitionLag[]): number {
  return partitions.reduce((sum, partition) => sum + partition.lag, 0);
}
