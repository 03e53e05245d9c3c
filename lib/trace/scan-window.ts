// How the trace reads a topic: the newest messages first, then ever larger windows further back (each
// twice the one before) until the log start or the time budget, so a short budget spends itself on
// the recent past and whatever was read is one contiguous stretch per partition, [from, high). Pure.

export interface PartitionCoverage {
  partition: number;
  low: number;
  /** The log end when the scan began. */
  high: number;
  /** Everything in [from, high) was read. */
  from: number;
  /** Time of the message at `from` (epoch ms), once read. */
  fromTimeMs?: number;
}

export interface ChunkPart {
  partition: number;
  start: number;
  end: number;
}

/** The next window back, per partition not yet read to its start: [max(low, from - size), from). */
export function nextChunk(coverage: readonly PartitionCoverage[], size: number): ChunkPart[] {
  return coverage
    .filter((p) => p.from > p.low)
    .map((p) => ({ partition: p.partition, start: Math.max(p.low, p.from - Math.max(1, Math.floor(size))), end: p.from }));
}

/** True when every partition was read back to its log start. */
export function coveredToStart(coverage: readonly PartitionCoverage[]): boolean {
  return coverage.every((p) => p.from <= p.low);
}

/** "back to 2026-12-06T20:01:02.000Z (offset 1200 of 0..5400 in partition 1)": the least covered partition. */
export function describeCoverage(coverage: readonly PartitionCoverage[]): string {
  const least = [...coverage].sort((a, b) => (b.fromTimeMs ?? Infinity) - (a.fromTimeMs ?? Infinity) || b.from - b.low - (a.from - a.low))[0];
  if (!least) return "nothing to read";
  const when = least.fromTimeMs !== undefined ? `${new Date(least.fromTimeMs).toISOString()} ` : "";
  return `back to ${when}(offset ${least.from} of ${least.low}..${least.high} in partition ${least.partition})`;
}
