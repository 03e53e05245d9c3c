// Names of the series a cluster's SeriesBook holds. NUL separates parts: it cannot occur in names.
const SEP = "\u0000";
export const keys = {
  partitionHigh: (topic: string, partition: number) => `h${SEP}${topic}${SEP}${partition}`,
  topicHigh: (topic: string) => `th${SEP}${topic}`,
  topicBytes: (topic: string) => `tb${SEP}${topic}`,
  topicRate: (topic: string) => `tr${SEP}${topic}`,
  topicByteRate: (topic: string) => `tbr${SEP}${topic}`,
  committed: (group: string, topic: string, partition: number) => `c${SEP}${group}${SEP}${topic}${SEP}${partition}`,
  partitionLag: (group: string, topic: string, partition: number) => `l${SEP}${group}${SEP}${topic}${SEP}${partition}`,
  groupLag: (group: string) => `gl${SEP}${group}`,
  groupLagSeconds: (group: string) => `gs${SEP}${group}`,
  clusterRate: () => `cr`,
  clusterByteRate: () => `cbr`,
};

/** Per-partition series (log ends, committed offsets, lag): the bulk of a large cluster's book, kept compact. */
export function isPartitionSeries(key: string): boolean {
  const kind = key.slice(0, key.indexOf(SEP));
  return kind === "h" || kind === "c" || kind === "l";
}
