import type { z } from "zod";
import type { replayBody } from "@/lib/contract/jobs";
import type { PartitionOffsets } from "@/lib/brokers/types";

// A replay copies a range of a topic (Kafka offsets or times) or a stream (sequences or times) to a
// target. The plan is pure: per partition, [from, toExclusive), checked against what exists.

// The body is the contract's (lib/contract/jobs.ts replayBody).
export type ReplayBody = z.infer<typeof replayBody>;

export interface PartitionRange {
  partition: number;
  from: number;
  /** Exclusive. */
  to: number;
}

export class ReplayPlanError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * @param fromAt / toAt offsets per partition resolved from timestamps (when the body used times)
 * `to` as an offset is inclusive; `to` as a time excludes messages at or after that time.
 */
export function planReplay(
  body: Pick<ReplayBody, "from" | "to" | "partitions">,
  partitions: PartitionOffsets[],
  fromAt?: Map<number, number>,
  toAt?: Map<number, number>,
): PartitionRange[] {
  const known = new Map(partitions.map((p) => [p.partition, p]));
  const chosen = body.partitions ?? partitions.map((p) => p.partition);
  const missing = chosen.find((partition) => !known.has(partition));
  if (missing !== undefined) throw new ReplayPlanError("partitions", `partition ${missing} does not exist (the topic has ${partitions.length})`);
  if ("offset" in body.from && "offset" in body.to && body.from.offset > body.to.offset) {
    throw new ReplayPlanError("to", "to must not be before from");
  }
  if ("timestamp" in body.from && "timestamp" in body.to && Date.parse(body.from.timestamp) >= Date.parse(body.to.timestamp)) {
    throw new ReplayPlanError("to", "to must be after from");
  }
  return chosen.map((partition) => {
    const offsets = known.get(partition)!;
    const start = "offset" in body.from ? body.from.offset : (fromAt?.get(partition) ?? offsets.high);
    const end = "offset" in body.to ? body.to.offset + 1 : (toAt?.get(partition) ?? offsets.high);
    if ("offset" in body.from && start >= offsets.high && chosen.length === 1) {
      throw new ReplayPlanError("from", `offset ${start} is past the end of partition ${partition} (next offset ${offsets.high})`);
    }
    const from = Math.max(start, offsets.low);
    const to = Math.min(end, offsets.high);
    return { partition, from, to: Math.max(from, to) };
  });
}

export const countPlanned = (ranges: PartitionRange[]) => ranges.reduce((sum, range) => sum + (range.to - range.from), 0);
