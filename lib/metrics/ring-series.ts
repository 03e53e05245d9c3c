// Fixed-size, time-aligned series for one cluster: every series shares the cluster's sample index,
// so one array of times serves thousands of partitions and memory stays flat however long it runs.
//
// Two kinds of series. A full series keeps every sample of the history (`capacity` slots). A compact
// series (chosen by `compact.isCompact(key)`) keeps only the `recent` newest samples at full
// resolution and, further back, the first sample of each `coarseStepMs` of time. Per-partition
// offsets are compact: at 10,000 partitions they are most of the book, while status and rates need
// only the newest few samples and an hour-long partition chart reads fine at one point a minute.
// Offsets are counters, so keeping a sample (not an average) loses nothing a rate or an
// interpolation needs. Thinning goes by time, not by sample count, so samples that are already a
// minute apart (a serverless instance replaying stored snapshots) are all kept.

export interface CompactPolicy {
  /** Which series are compact. */
  isCompact: (key: string) => boolean;
  /** Newest samples kept at full resolution. */
  recent: number;
  /** Further back, the first sample of each step of this many milliseconds is kept. */
  coarseStepMs: number;
  /** How many such samples are kept (enough for the history's time span). */
  coarseSlots: number;
}

interface CompactValues {
  recent: Float64Array;
  coarse: Float64Array;
}

type Values = Float64Array | CompactValues;

export interface SeriesPoint {
  t: number;
  value: number;
}

export class SeriesBook {
  readonly times: Float64Array;
  private readonly series = new Map<string, Values>();
  /** Number of samples written so far (the next write goes to count % capacity). */
  private count = 0;
  private readonly compact: CompactPolicy | undefined;
  private readonly coarseCapacity: number;
  /** Per sample slot: the coarse slot that sample was also written to, or -1. */
  private readonly coarseSlotOf: Int32Array;
  /** Per coarse slot: the sample index it holds (a slot is reused once the ring comes round). */
  private readonly coarseOwner: Float64Array;
  private coarseCount = 0;
  private lastCoarseStep = Number.NaN;

  constructor(
    readonly capacity: number,
    compact?: CompactPolicy,
  ) {
    this.times = new Float64Array(capacity).fill(Number.NaN);
    if (compact && compact.recent < capacity && compact.coarseStepMs > 0 && compact.coarseSlots >= 1) {
      this.compact = { ...compact, recent: Math.max(1, Math.floor(compact.recent)), coarseSlots: Math.floor(compact.coarseSlots) };
      this.coarseCapacity = this.compact.coarseSlots;
    } else {
      this.compact = undefined;
      this.coarseCapacity = 0;
    }
    this.coarseSlotOf = new Int32Array(this.compact ? capacity : 0).fill(-1);
    this.coarseOwner = new Float64Array(this.coarseCapacity).fill(-1);
  }

  /** Starts a new sample at time t; values not written for it stay unknown (NaN). */
  beginSample(t: number): void {
    const index = this.count;
    const slot = index % this.capacity;
    this.times[slot] = t;
    const compact = this.compact;
    const recentSlot = compact ? index % compact.recent : 0;
    let coarseSlot = -1;
    if (compact) {
      const step = Math.floor(t / compact.coarseStepMs);
      if (step !== this.lastCoarseStep) {
        coarseSlot = this.coarseCount % this.coarseCapacity;
        this.coarseOwner[coarseSlot] = index;
        this.coarseCount++;
        this.lastCoarseStep = step;
      }
      this.coarseSlotOf[slot] = coarseSlot;
    }
    for (const values of this.series.values()) {
      if (values instanceof Float64Array) {
        values[slot] = Number.NaN;
      } else {
        values.recent[recentSlot] = Number.NaN;
        if (coarseSlot >= 0) values.coarse[coarseSlot] = Number.NaN;
      }
    }
    this.count++;
  }

  set(key: string, value: number): void {
    if (this.count === 0) return; // no sample begun: nothing to attach the value to
    let values = this.series.get(key);
    if (!values) {
      values = this.allocate(key);
      this.series.set(key, values);
    }
    const index = this.count - 1;
    if (values instanceof Float64Array) {
      values[index % this.capacity] = value;
      return;
    }
    values.recent[index % this.compact!.recent] = value;
    const coarseSlot = this.coarseSlotOf[index % this.capacity];
    if (coarseSlot >= 0) values.coarse[coarseSlot] = value;
  }

  private allocate(key: string): Values {
    if (this.compact?.isCompact(key)) {
      return {
        recent: new Float64Array(this.compact.recent).fill(Number.NaN),
        coarse: new Float64Array(this.coarseCapacity).fill(Number.NaN),
      };
    }
    return new Float64Array(this.capacity).fill(Number.NaN);
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  /** Whether `key` is stored compactly (recent samples in full, older ones thinned). */
  isCompact(key: string): boolean {
    return this.compact?.isCompact(key) ?? false;
  }

  /** Drops series that were not written in the latest sample (deleted topics, gone groups). */
  pruneStale(): void {
    if (this.count === 0) return;
    const index = this.count - 1;
    for (const [key, values] of this.series) if (Number.isNaN(this.valueAt(values, index))) this.series.delete(key);
  }

  get size(): number {
    return this.series.size;
  }

  /** Bytes of sample storage held (times plus every series), for benchmarks and diagnostics. */
  get storageBytes(): number {
    let bytes = this.times.byteLength;
    for (const values of this.series.values()) {
      bytes += values instanceof Float64Array ? values.byteLength : values.recent.byteLength + values.coarse.byteLength;
    }
    return bytes;
  }

  /** The stored value of sample `index` (NaN when unknown or thinned out). */
  private valueAt(values: Values, index: number): number {
    if (values instanceof Float64Array) return values[index % this.capacity];
    const recent = this.compact!.recent;
    if (index >= this.count - recent) return values.recent[index % recent];
    const coarseSlot = this.coarseSlotOf[index % this.capacity];
    if (coarseSlot < 0 || this.coarseOwner[coarseSlot] !== index) return Number.NaN;
    return values.coarse[coarseSlot];
  }

  private get oldestIndex(): number {
    return this.count - Math.min(this.count, this.capacity);
  }

  /** Points in time order, oldest first, skipping unknown values; optionally only those since `from`. */
  points(key: string, from = -Infinity): SeriesPoint[] {
    const values = this.series.get(key);
    if (!values) return [];
    const result: SeriesPoint[] = [];
    for (let index = this.oldestIndex; index < this.count; index++) {
      const t = this.times[index % this.capacity];
      if (t < from) continue;
      const value = this.valueAt(values, index);
      if (!Number.isNaN(value)) result.push({ t, value });
    }
    return result;
  }

  /** The last `n` known points, oldest first. Walks back from the newest sample: O(n), not O(history). */
  lastPoints(key: string, n: number): SeriesPoint[] {
    const values = this.series.get(key);
    if (!values || n <= 0) return [];
    const result: SeriesPoint[] = [];
    for (let index = this.count - 1; index >= this.oldestIndex && result.length < n; index--) {
      const value = this.valueAt(values, index);
      if (!Number.isNaN(value)) result.push({ t: this.times[index % this.capacity], value });
    }
    return result.reverse();
  }

  /**
   * The last `n` samples in which `primary` is known, newest first, written into `into` as rows of
   * [t, primary, ...others] (NaN where another series is unknown or absent). Returns the row count.
   * Allocates nothing: the status window runs for every group-partition every cycle.
   */
  lastRows(primary: string, others: readonly string[], n: number, into: Float64Array): number {
    const values = this.series.get(primary);
    if (!values) return 0;
    const width = 2 + others.length;
    const max = Math.min(n, Math.floor(into.length / width));
    let rows = 0;
    for (let index = this.count - 1; index >= this.oldestIndex && rows < max; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      const at = rows * width;
      into[at] = this.times[index % this.capacity];
      into[at + 1] = value;
      for (let k = 0; k < others.length; k++) {
        const other = this.series.get(others[k]);
        into[at + 2 + k] = other ? this.valueAt(other, index) : Number.NaN;
      }
      rows++;
    }
    return rows;
  }

  /**
   * Messages (or bytes) per second over the last `n` known points of a counter: what
   * `ratePerSecond(lastPoints(key, n))` gives, without building the points. Null until two points.
   */
  rateOver(key: string, n: number): number | null {
    const values = this.series.get(key);
    if (!values || n < 2) return null;
    let newestT = Number.NaN;
    let newestValue = Number.NaN;
    let oldestT = Number.NaN;
    let oldestValue = Number.NaN;
    let found = 0;
    for (let index = this.count - 1; index >= this.oldestIndex && found < n; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      const t = this.times[index % this.capacity];
      if (found === 0) {
        newestT = t;
        newestValue = value;
      }
      oldestT = t;
      oldestValue = value;
      found++;
    }
    if (found < 2) return null;
    const seconds = (newestT - oldestT) / 1000;
    if (seconds <= 0) return null;
    return Math.max(0, (newestValue - oldestValue) / seconds);
  }

  /**
   * Growth per second of a size over the last `n` known points, counting only the intervals in which
   * it grew or stayed: an interval where it shrank (Kafka retention deleting a segment) says nothing
   * about what was written meanwhile, so it is left out rather than read as negative or as 0.
   * Null until two points, or when every interval in the window shrank (unknown for now).
   */
  growthRateOver(key: string, n: number): number | null {
    const values = this.series.get(key);
    if (!values || n < 2) return null;
    let grown = 0;
    let seconds = 0;
    let laterT = Number.NaN;
    let laterValue = Number.NaN;
    let found = 0;
    for (let index = this.count - 1; index >= this.oldestIndex && found < n; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      const t = this.times[index % this.capacity];
      if (found > 0 && laterValue >= value && laterT > t) {
        grown += laterValue - value;
        seconds += (laterT - t) / 1000;
      }
      laterT = t;
      laterValue = value;
      found++;
    }
    return seconds > 0 ? grown / seconds : null;
  }

  /**
   * Known points from the newest back to (and including) the first one, walking back, for which
   * `reached(value)` holds, oldest first; the whole history when none does. Lets lag seconds read
   * only as far back as the committed offset instead of the whole hour.
   */
  pointsBackTo(key: string, reached: (value: number) => boolean): SeriesPoint[] {
    const values = this.series.get(key);
    if (!values) return [];
    const result: SeriesPoint[] = [];
    for (let index = this.count - 1; index >= this.oldestIndex; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      result.push({ t: this.times[index % this.capacity], value });
      if (reached(value)) break;
    }
    return result.reverse();
  }
}
