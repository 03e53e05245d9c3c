import { z } from "zod";
import type { PartitionOffsets } from "@/lib/brokers/types";

// A replay copies a range of a topic (Kafka offsets or times) or a stream (sequences or times) to a
// target. The plan is pure: per partition, [from, toExclusive), checked against what exists.

// A failed union only says "Invalid input": say what a bound looks like instead.
const bound = z.union(
  [
    z.object({ offset: z.number().int().min(0, "offset must be 0 or more") }).strict(),
    z.object({ timestamp: z.iso.datetime({ offset: true }) }).strict(),
  ],
  { error: 'expected {"offset": <whole number, 0 or more>} or {"timestamp": "<ISO 8601 time with offset>"}' },
);

export const replayBodySchema = z.object({
  from: bound,
  to: bound,
  partitions: z.array(z.number().int().min(0)).min(1).max(10_000).optional(),
  target: z.string().min(1).max(300),
  ratePerSec: z.number().int().min(1, "ratePerSec must be at least 1").max(100_000, "ratePerSec must be at most 100000").optional(),
  dryRun: z.boolean().optional(),
});
export type ReplayBody = z.infer<typeof replayBodySchema>;

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
