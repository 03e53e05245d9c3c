// How old a sampler's snapshot may be for listings to answer from it (snapshot-listings.ts). Pure.
//
// The sampler's own rule is "under three intervals old" (sampler-view.ts isFresh). When a cycle takes
// longer than the interval (a loaded machine, a very large cluster: 15-24 s cycles were measured at
// 10,000 partitions and load 23), every snapshot is older than that by the time the next one lands,
// so each listing went to the broker: the same Metadata, ListOffsets of every partition and
// DescribeLogDirs a cycle makes, from the HTTP thread, competing with the cycle itself, for figures
// no fresher than the sampler can produce. The bound therefore stretches with the last cycle's
// duration: two cycles plus an interval, never less than three intervals.

/** The greatest age (ms) of a snapshot listings may answer from. */
export function listingMaxAgeMs(intervalMs: number, lastCycleMs: number | undefined): number {
  const cycle = lastCycleMs !== undefined && Number.isFinite(lastCycleMs) && lastCycleMs > 0 ? lastCycleMs : 0;
  return Math.max(intervalMs * 3, cycle * 2 + intervalMs);
}

/** True when a snapshot taken at `at` may still answer listings at `now`. */
export function freshForListings(at: number, now: number, intervalMs: number, lastCycleMs: number | undefined): boolean {
  return now - at < listingMaxAgeMs(intervalMs, lastCycleMs);
}
