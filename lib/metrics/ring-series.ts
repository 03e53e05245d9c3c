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

export interface CompactTierPolicy {
  is: (key: string) => boolean;
  recent: number;
  /** Kept as 32-bit floats (exact integers up to 2^24): rates, seconds, a difference, not an offset. */
  single?: boolean;
}

export interface CompactPolicy {
  /** Which series are compact. */
  isCompact: (key: string) => boolean;
  /** Newest samples kept at full resolution. */
  recent: number;
  /** Further back, the first sample of each step of this many milliseconds is kept. */
  coarseStepMs: number;
  /** How many such samples are kept (enough for the history's time span). */
  coarseSlots: number;
  /**
   * Up to three more kinds of compact series, each with its own number of recent samples at full
   * resolution and the same coarse samples; the first whose `is` takes a key wins, before
   * `isCompact`. A group-partition's committed offsets feed only a one-minute rate, and there are
   * tens of thousands of them, so each full-resolution slot they do not keep is megabytes.
   */
  tiers?: CompactTierPolicy[];
  /**
   * Full series kept as 32-bit floats (rates, seconds: 7 significant digits are more than a chart or
   * a status shows): half the bytes of the 64-bit ones. Offsets and counts stay 64-bit.
   */
  isSingle?: (key: string) => boolean;
}

/**
 * Series live in pages of this many, each page one Float64Array holding every slot of its series:
 * no object or typed array per series (at 70,000 series those were tens of megabytes of heap and
 * work for every garbage collection). Pages are never freed; a pruned series' place is reused.
 */
const SERIES_PER_PAGE = 256;
const PAGE_SHIFT = 8;
const PAGE_MASK = SERIES_PER_PAGE - 1;

/** Fixed-width slots for any number of series, in pages; ids of dropped series are reused. */
class PagedSlots {
  readonly pages: (Float64Array | Float32Array)[] = [];
  private issued = 0;
  private readonly free: number[] = [];
  constructor(
    readonly width: number,
    private readonly single = false,
  ) {}

  allocate(): number {
    const id = this.free.pop() ?? this.issued++;
    const page = id >> PAGE_SHIFT;
    if (page === this.pages.length) {
      this.pages.push((this.single ? new Float32Array(SERIES_PER_PAGE * this.width) : new Float64Array(SERIES_PER_PAGE * this.width)).fill(Number.NaN));
    } else {
      const base = (id & PAGE_MASK) * this.width;
      this.pages[page].fill(Number.NaN, base, base + this.width);
    }
    return id;
  }

  release(id: number): void {
    this.free.push(id);
  }

  /** Writes `value` at `slot` of every series (live or free: a free one is refilled when reused). */
  fillSlot(slot: number, value: number): void {
    for (const page of this.pages) for (let at = slot; at < page.length; at += this.width) page[at] = value;
  }

  /** Bytes of the series in use. */
  get usedBytes(): number {
    return (this.issued - this.free.length) * this.width * (this.single ? 4 : 8);
  }

  /** Bytes of the pages allocated (up to 255 series' worth more than in use, plus reusable places). */
  get allocatedBytes(): number {
    return this.pages.length * SERIES_PER_PAGE * this.width * (this.single ? 4 : 8);
  }
}

export interface SeriesPoint {
  t: number;
  value: number;
}

/**
 * A series is found by its key in one Map whose value is a number: a full series' id times two (plus
 * one for a 32-bit one), or the bitwise complement of a compact series' id times four plus its tier
 * (< 0).
 */
type SeriesRef = number;

/** Compact series of one width: `recent` full-resolution slots, then the shared coarse slots. */
interface CompactTier {
  recent: number;
  slots: PagedSlots;
}

export class SeriesBook {
  readonly times: Float64Array;
  private readonly series = new Map<string, SeriesRef>();
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
  /** Full series: `capacity` slots each, 64-bit and 32-bit. */
  private readonly full: PagedSlots;
  private readonly full32: PagedSlots;
  private readonly isSingle: ((key: string) => boolean) | undefined;
  /** Compact series: `recent` slots, then `coarseCapacity` slots, each; [0] the default, then `compact.tiers`. */
  private readonly tiers: CompactTier[];
  private readonly tierTests: ((key: string) => boolean)[];

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
    this.full = new PagedSlots(capacity);
    this.full32 = new PagedSlots(capacity, true);
    this.isSingle = compact?.isSingle;
    const recent = this.compact?.recent ?? 1;
    const extra = this.compact ? (compact?.tiers ?? []) : [];
    if (extra.length > 3) throw new Error("a SeriesBook takes at most three extra compact tiers");
    this.tiers = [{ recent, slots: new PagedSlots(this.compact ? recent + this.coarseCapacity : 1) }];
    for (const tier of extra) {
      const tierRecent = Math.min(capacity - 1, Math.max(1, Math.floor(tier.recent)));
      this.tiers.push({ recent: tierRecent, slots: new PagedSlots(tierRecent + this.coarseCapacity, tier.single === true) });
    }
    this.tierTests = extra.map((tier) => tier.is);
  }

  /** Starts a new sample at time t; values not written for it stay unknown (NaN). */
  beginSample(t: number): void {
    const index = this.count;
    const slot = index % this.capacity;
    this.times[slot] = t;
    const compact = this.compact;
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
      for (const tier of this.tiers) {
        tier.slots.fillSlot(index % tier.recent, Number.NaN);
        if (coarseSlot >= 0) tier.slots.fillSlot(tier.recent + coarseSlot, Number.NaN);
      }
    }
    this.full.fillSlot(slot, Number.NaN);
    this.full32.fillSlot(slot, Number.NaN);
    this.count++;
  }

  set(key: string, value: number): void {
    if (this.count === 0) return; // no sample begun: nothing to attach the value to
    let ref = this.series.get(key);
    if (ref === undefined) {
      if (this.compact && (this.compact.isCompact(key) || this.tierTests.some((is) => is(key)))) {
        const tier = this.tierOf(key);
        ref = ~(this.tiers[tier].slots.allocate() * 4 + tier);
      }
      else ref = this.isSingle?.(key) ? this.full32.allocate() * 2 + 1 : this.full.allocate() * 2;
      this.series.set(key, ref);
    }
    const index = this.count - 1;
    if (ref >= 0) {
      const id = ref >> 1;
      (ref & 1 ? this.full32 : this.full).pages[id >> PAGE_SHIFT][(id & PAGE_MASK) * this.capacity + (index % this.capacity)] = value;
      return;
    }
    const { recent, slots } = this.tiers[~ref & 3];
    const id = ~ref >> 2;
    const page = slots.pages[id >> PAGE_SHIFT];
    const base = (id & PAGE_MASK) * slots.width;
    page[base + (index % recent)] = value;
    const coarseSlot = this.coarseSlotOf[index % this.capacity];
    if (coarseSlot >= 0) page[base + recent + coarseSlot] = value;
  }

  /** The compact tier a key goes to: the first extra tier that takes it, else the default (0). */
  private tierOf(key: string): number {
    for (let i = 0; i < this.tierTests.length; i++) if (this.tierTests[i](key)) return i + 1;
    return 0;
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  /** Whether `key` is stored compactly (recent samples in full, older ones thinned). */
  isCompact(key: string): boolean {
    return this.compact !== undefined && (this.compact.isCompact(key) || this.tierTests.some((is) => is(key)));
  }

  /** Drops series that were not written in the latest sample (deleted topics, gone groups). */
  pruneStale(): void {
    if (this.count === 0) return;
    const index = this.count - 1;
    // forEach, not for-of: an entries iterator allocates a [key, ref] pair per series (70,000+ a
    // cycle on a large cluster). Deleting the entry being visited is allowed during forEach.
    this.series.forEach((ref, key) => {
      if (!Number.isNaN(this.valueAt(ref, index))) return;
      this.series.delete(key);
      if (ref >= 0) (ref & 1 ? this.full32 : this.full).release(ref >> 1);
      else this.tiers[~ref & 3].slots.release(~ref >> 2);
    });
  }

  get size(): number {
    return this.series.size;
  }

  /** Bytes of sample storage in use (times plus every series), for benchmarks and diagnostics. */
  get storageBytes(): number {
    return this.times.byteLength + this.full.usedBytes + this.full32.usedBytes + (this.compact ? this.tiers.reduce((sum, tier) => sum + tier.slots.usedBytes, 0) : 0);
  }

  /** Bytes of the pages actually allocated: storageBytes plus partly filled pages and reusable places. */
  get allocatedBytes(): number {
    return this.times.byteLength + this.full.allocatedBytes + this.full32.allocatedBytes + (this.compact ? this.tiers.reduce((sum, tier) => sum + tier.slots.allocatedBytes, 0) : 0);
  }

  /** The stored value of sample `index` (NaN when unknown or thinned out). */
  private valueAt(ref: SeriesRef, index: number): number {
    if (ref >= 0) {
      const id = ref >> 1;
      return (ref & 1 ? this.full32 : this.full).pages[id >> PAGE_SHIFT][(id & PAGE_MASK) * this.capacity + (index % this.capacity)];
    }
    const { recent, slots } = this.tiers[~ref & 3];
    const id = ~ref >> 2;
    const page = slots.pages[id >> PAGE_SHIFT];
    const base = (id & PAGE_MASK) * slots.width;
    if (index >= this.count - recent) return page[base + (index % recent)];
    const coarseSlot = this.coarseSlotOf[index % this.capacity];
    if (coarseSlot < 0 || this.coarseOwner[coarseSlot] !== index) return Number.NaN;
    return page[base + recent + coarseSlot];
  }

  private get oldestIndex(): number {
    return this.count - Math.min(this.count, this.capacity);
  }

  /** Points in time order, oldest first, skipping unknown values; optionally only those since `from`. */
  points(key: string, from = -Infinity): SeriesPoint[] {
    const values = this.series.get(key);
    if (values === undefined) return [];
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
    if (values === undefined || n <= 0) return [];
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
    if (values === undefined) return 0;
    const width = 2 + others.length;
    const max = Math.min(n, Math.floor(into.length / width));
    // Looked up once, not once per row: this runs for every group-partition every cycle.
    const otherValues = others.map((key) => this.series.get(key));
    let rows = 0;
    for (let index = this.count - 1; index >= this.oldestIndex && rows < max; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      const at = rows * width;
      into[at] = this.times[index % this.capacity];
      into[at + 1] = value;
      for (let k = 0; k < otherValues.length; k++) {
        const other = otherValues[k];
        into[at + 2 + k] = other !== undefined ? this.valueAt(other, index) : Number.NaN;
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
    if (values === undefined || n < 2) return null;
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
   * Per second, the change of `minuend - subtrahend` over the last `n` samples (a window of time,
   * not of known points): from the oldest sample in it where both are known to the newest. A
   * consumer's commit rate from the log end and the distance behind it. Null until two such samples.
   * Reads from each end of the window inward, so usually four values, not 2n: it runs for every
   * group-partition every cycle.
   */
  differenceRateOver(minuend: string, subtrahend: string, n: number): number | null {
    const first = this.series.get(minuend);
    const second = this.series.get(subtrahend);
    if (first === undefined || second === undefined || n < 2) return null;
    const oldestInWindow = Math.max(this.oldestIndex, this.count - n);
    let newest = this.count - 1;
    let newestValue = Number.NaN;
    for (; newest > oldestInWindow; newest--) {
      newestValue = this.valueAt(first, newest) - this.valueAt(second, newest);
      if (!Number.isNaN(newestValue)) break;
    }
    if (Number.isNaN(newestValue)) return null;
    for (let oldest = oldestInWindow; oldest < newest; oldest++) {
      const oldestValue = this.valueAt(first, oldest) - this.valueAt(second, oldest);
      if (Number.isNaN(oldestValue)) continue;
      const seconds = (this.times[newest % this.capacity] - this.times[oldest % this.capacity]) / 1000;
      return seconds > 0 ? Math.max(0, (newestValue - oldestValue) / seconds) : null;
    }
    return null;
  }

  /**
   * Growth per second of a size over the last `n` known points, counting only the intervals in which
   * it grew or stayed: an interval where it shrank (Kafka retention deleting a segment) says nothing
   * about what was written meanwhile, so it is left out rather than read as negative or as 0.
   * Null until two points, or when every interval in the window shrank (unknown for now).
   */
  growthRateOver(key: string, n: number): number | null {
    const values = this.series.get(key);
    if (values === undefined || n < 2) return null;
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
   * The oldest known point of a series and the smallest value it holds, written into `into`
   * (NaN when the series is empty). One walk over the history; lets the caller answer "is this
   * offset older than everything remembered?" for many group-partitions of one partition at once.
   */
  oldestAndMin(key: string, into: { oldestT: number; oldestValue: number; min: number }): void {
    into.oldestT = Number.NaN;
    into.oldestValue = Number.NaN;
    into.min = Number.NaN;
    const values = this.series.get(key);
    if (values === undefined) return;
    if (values < 0) return this.oldestAndMinCompact(values, into);
    let min = Infinity;
    for (let index = this.oldestIndex; index < this.count; index++) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      if (Number.isNaN(into.oldestT)) {
        into.oldestT = this.times[index % this.capacity];
        into.oldestValue = value;
      }
      if (value < min) min = value;
    }
    if (min !== Infinity) into.min = min;
  }

  /**
   * oldestAndMin of a compact series, reading only the slots it has (its coarse samples, then its
   * recent ones) instead of every sample index of the history: called for every partition every cycle.
   */
  private oldestAndMinCompact(ref: SeriesRef, into: { oldestT: number; oldestValue: number; min: number }): void {
    const { recent, slots } = this.tiers[~ref & 3];
    const id = ~ref >> 2;
    const page = slots.pages[id >> PAGE_SHIFT];
    const base = (id & PAGE_MASK) * slots.width;
    const firstRecent = Math.max(this.oldestIndex, this.count - recent);
    // No closure for the shared "note this point" step: one per call was most of what a cycle
    // allocated here (called for every partition). Coarse samples are older than recent ones, and
    // each run goes oldest first, so the first known value is the oldest.
    let min = Infinity;
    let oldestIndex = Infinity;
    const firstCoarse = Math.max(0, this.coarseCount - this.coarseCapacity);
    for (let k = firstCoarse; k < this.coarseCount; k++) {
      const slot = k % this.coarseCapacity;
      const index = this.coarseOwner[slot];
      if (index < this.oldestIndex || index >= firstRecent) continue;
      const value = page[base + recent + slot];
      if (Number.isNaN(value)) continue;
      if (value < min) min = value;
      if (index < oldestIndex) {
        oldestIndex = index;
        into.oldestT = this.times[index % this.capacity];
        into.oldestValue = value;
      }
    }
    for (let index = firstRecent; index < this.count; index++) {
      const value = page[base + (index % recent)];
      if (Number.isNaN(value)) continue;
      if (value < min) min = value;
      if (index < oldestIndex) {
        oldestIndex = index;
        into.oldestT = this.times[index % this.capacity];
        into.oldestValue = value;
      }
    }
    if (min !== Infinity) into.min = min;
  }

  /**
   * Lag seconds of a reader whose next offset is `committed`, from the log-end series `key`: what
   * `estimateLagSeconds(pointsBackTo(key, (high) => high <= committed), committed, now)` gives (see
   * lag-seconds.ts), walking back from the newest sample without building the points. The time the
   * log end passed `committed` is interpolated between the first point (walking back) at or below
   * it and the point after; when every remembered point is above it, the answer is "at least" the
   * age of the oldest point.
   */
  lagSecondsBack(key: string, committed: number, now: number): { seconds: number | null; atLeast?: boolean } {
    const out = { seconds: Number.NaN, atLeast: false };
    this.lagSecondsBackInto(key, committed, now, out);
    if (Number.isNaN(out.seconds)) return { seconds: null };
    return out.atLeast ? { seconds: out.seconds, atLeast: true } : { seconds: out.seconds };
  }

  /**
   * lagSecondsBack written into `into` (seconds NaN when unknown): the cycle asks it for tens of
   * thousands of group-partitions and allocates nothing per answer.
   */
  lagSecondsBackInto(key: string, committed: number, now: number, into: { seconds: number; atLeast: boolean }): void {
    into.seconds = Number.NaN;
    into.atLeast = false;
    const values = this.series.get(key);
    if (values === undefined) return;
    let laterT = Number.NaN;
    let laterValue = Number.NaN;
    for (let index = this.count - 1; index >= this.oldestIndex; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      const t = this.times[index % this.capacity];
      if (value <= committed) {
        if (Number.isNaN(laterT)) {
          into.seconds = 0; // the newest log end is at or below it: caught up
          return;
        }
        const target = committed + 1;
        const span = laterValue - value;
        const fraction = span > 0 ? (target - value) / span : 1;
        const producedAt = t + fraction * (laterT - t);
        into.seconds = Math.max(0, (now - producedAt) / 1000);
        return;
      }
      laterT = t;
      laterValue = value;
    }
    if (Number.isNaN(laterT)) return;
    into.seconds = Math.max(0, (now - laterT) / 1000);
    into.atLeast = true;
  }

  /** The oldest of the last `n` known values (what `lastPoints(key, n)[0].value` gives), NaN when none. */
  oldestOfLast(key: string, n: number): number {
    const values = this.series.get(key);
    if (values === undefined || n <= 0) return Number.NaN;
    let found = 0;
    let oldest = Number.NaN;
    for (let index = this.count - 1; index >= this.oldestIndex && found < n; index--) {
      const value = this.valueAt(values, index);
      if (Number.isNaN(value)) continue;
      oldest = value;
      found++;
    }
    return oldest;
  }

  /**
   * Known points from the newest back to (and including) the first one, walking back, for which
   * `reached(value)` holds, oldest first; the whole history when none does. Lets lag seconds read
   * only as far back as the committed offset instead of the whole hour.
   */
  pointsBackTo(key: string, reached: (value: number) => boolean): SeriesPoint[] {
    const values = this.series.get(key);
    if (values === undefined) return [];
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
