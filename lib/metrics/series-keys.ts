// Names of the series a cluster's SeriesBook holds. NUL separates parts: it cannot occur in names.
// Built with join, not a template literal: a template literal is a rope of several string objects,
// and tens of thousands of keys are kept for the hour (at 60,000 group-partitions, keys, labels and
// reasons were 1.36 million rope nodes, 42 MB of heap); join gives one flat string.
const SEP = "\u0000";
export const keys = {
  partitionHigh: (topic: string, partition: number) => ["h", topic, partition].join(SEP),
  topicHigh: (topic: string) => `th${SEP}${topic}`,
  topicBytes: (topic: string) => `tb${SEP}${topic}`,
  topicRate: (topic: string) => `tr${SEP}${topic}`,
  topicByteRate: (topic: string) => `tbr${SEP}${topic}`,
  /**
   * A group-partition's committed offset, stored as its distance behind the log end (high -
   * committed) in 32 bits: exact to 16,777,216 messages behind, 7 significant digits beyond. Also
   * the group-partition's identity in the sampler's state.
   */
  committed: (group: string, topic: string, partition: number) => ["c", group, topic, partition].join(SEP),
  partitionLag: (group: string, topic: string, partition: number) => ["l", group, topic, partition].join(SEP),
  groupLag: (group: string) => `gl${SEP}${group}`,
  groupLagSeconds: (group: string) => `gs${SEP}${group}`,
  clusterRate: () => `cr`,
  clusterByteRate: () => `cbr`,
};

/** Per-partition series (log ends, committed offsets, lag): the bulk of a large cluster's book, kept compact. */
export function isPartitionSeries(key: string): boolean {
  // Cluster series ("cr", "cbr") have no separator: slicing to indexOf's -1 would read "cr" as "c".
  const end = key.indexOf(SEP);
  if (end < 0) return false;
  const kind = key.slice(0, end);
  return kind === "h" || kind === "c" || kind === "l";
}

/**
 * Series kept compact in a SeriesBook (recent samples in full, one a minute before): the
 * per-partition ones, and a topic's total log end and size, which only feed its rates (the last few
 * samples; the rates themselves keep every sample for the charts).
 */
export function isCompactSeries(key: string): boolean {
  // Cluster series ("cr", "cbr") have no separator: they are never compact ("cr" is not "c").
  const end = key.indexOf(SEP);
  if (end < 0) return false;
  const kind = key.slice(0, end);
  return kind === "h" || kind === "c" || kind === "l" || kind === "th" || kind === "tb";
}

/**
 * Compact series that keep only a minute at full resolution, in 32 bits: a group-partition's distance
 * behind the log end (and its own lag, kept where that is not the lag). They feed the group's consume
 * rate (a one-minute window) and the partition chart; at 60,000 group-partitions each full-resolution
 * slot dropped is about half a megabyte, and 32 bits halve the rest.
 */
export function isShortSeries(key: string): boolean {
  const end = key.indexOf(SEP);
  if (end < 0) return false;
  const kind = key.slice(0, end);
  return kind === "c" || kind === "l";
}

/**
 * Series kept in 32-bit floats: rates and lag seconds (a chart or a status needs no more than 7
 * significant digits of them). Offsets and message counts stay 64-bit: they must be exact.
 */
export function isSingleSeries(key: string): boolean {
  if (key === "cr" || key === "cbr") return true;
  const end = key.indexOf(SEP);
  if (end < 0) return false;
  const kind = key.slice(0, end);
  return kind === "tr" || kind === "tbr" || kind === "gs";
}
