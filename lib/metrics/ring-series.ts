// Fixed-size, time-aligned series for one cluster: every series shares the cluster's sample index,
// so one array of times serves thousands of partitions and memory stays flat however long it runs.

export class SeriesBook {
  readonly times: Float64Array;
  private readonly series = new Map<string, Float64Array>();
  /** Number of samples written so far (the next write goes to count % capacity). */
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity).fill(Number.NaN);
  }

  /** Starts a new sample at time t; values not written for it stay unknown (NaN). */
  beginSample(t: number): void {
    const slot = this.count % this.capacity;
    this.times[slot] = t;
    for (const values of this.series.values()) values[slot] = Number.NaN;
    this.count++;
  }

  set(key: string, value: number): void {
    let values = this.series.get(key);
    if (!values) {
      values = new Float64Array(this.capacity).fill(Number.NaN);
      this.series.set(key, values);
    }
    values[(this.count - 1) % this.capacity] = value;
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  /** Drops series that were not written in the latest sample (deleted topics, gone groups). */
  pruneStale(): void {
    const slot = (this.count - 1) % this.capacity;
    for (const [key, values] of this.series) if (Number.isNaN(values[slot])) this.series.delete(key);
  }

  get size(): number {
    return this.series.size;
  }

  /** Points in time order, oldest first, skipping unknown values; optionally only those since `from`. */
  points(key: string, from = -Infinity): { t: number; value: number }[] {
    const values = this.series.get(key);
    if (!values) return [];
    const result: { t: number; value: number }[] = [];
    const available = Math.min(this.count, this.capacity);
    for (let index = this.count - available; index < this.count; index++) {
      const slot = index % this.capacity;
      const t = this.times[slot];
      if (t < from || Number.isNaN(values[slot])) continue;
      result.push({ t, value: values[slot] });
    }
    return result;
  }

  /** The last `n` known points. */
  lastPoints(key: string, n: number): { t: number; value: number }[] {
    const all = this.points(key);
    return all.slice(Math.max(0, all.length - n));
  }
}
