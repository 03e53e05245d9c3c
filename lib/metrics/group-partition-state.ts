import type { CommitSample } from "./evaluate-lag-status";

// What the sampler remembers per group-partition from cycle to cycle, as flat typed arrays indexed by
// an integer slot (a struct of arrays): its last distinct commits (Burrow's window), and the figures
// of the latest cycle (lag seconds, status). At 60,000 group-partitions one object per commit, per
// window and per figure was most of the sampler's heap and most of what each cycle left for the
// garbage collector; here a group-partition is about 300 bytes in a handful of arrays, and a cycle
// allocates nothing per group-partition. Slots are found by the group-partition's committed-offset
// series key (series-keys `committed`), which the cycle already holds.

/** Commits kept per partition (Burrow's default window is 10). */
export const COMMIT_WINDOW = 10;

/** Partition status codes, in PartitionStatus's words (STATUS_NAMES). */
export const STATUS = { UNKNOWN: 0, OK: 1, WARN: 2, STALL: 3, REWIND: 4, STOP: 5 } as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];
export const STATUS_NAMES = ["UNKNOWN", "OK", "WARN", "STALL", "REWIND", "STOP"] as const;

/** Flag bits per slot. */
export const FLAG_LAG_AT_LEAST = 1;
/** A STOP partition of a group that keeps committing elsewhere, shown as WARN (evaluateGroupStatus's rule). */
export const FLAG_WAITING = 2;

const INITIAL_SLOTS = 1024;

/** A group-partition's commit window, read in place (oldest first) without copying it out. */
export interface CommitWindowView {
  readonly length: number;
  t(index: number): number;
  committed(index: number): number;
  lag(index: number): number;
  /** The last time the lag was seen at 0 at the newest commit; NaN when never. */
  readonly caughtUpAt: number;
}

export class GroupPartitionState {
  private readonly slotOf = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private issued = 0;
  private capacity = 0;
  private cycle = 0;
  private seenThisCycle = 0;

  /** Cycle number in which each slot was last seen. */
  private seen = new Int32Array(0);
  /** Newest commit window: ring start and length per slot; entries at slot * COMMIT_WINDOW. */
  /** @internal (SlotWindow) */
  windowStart = new Uint8Array(0);
  /** @internal (SlotWindow) */
  windowLength = new Uint8Array(0);
  /** @internal (SlotWindow) */
  windowT = new Float64Array(0);
  /** @internal (SlotWindow) */
  windowCommitted = new Float64Array(0);
  /** @internal (SlotWindow) */
  windowLag = new Float64Array(0);
  /** @internal (SlotWindow) */
  caughtUp = new Float64Array(0);
  /** When the sampler first saw each slot's current commit; NaN without one. */
  lastCommitAt = new Float64Array(0);
  /**
   * Each cycle's figures per slot, at slot * 2 + phase: the cycle being derived writes one phase while
   * routes still read the previous cycle's in the other. Lag seconds NaN: unknown (null).
   */
  lagSeconds = new Float64Array(0);
  status = new Uint8Array(0);
  flags = new Uint8Array(0);
  /** Which half of lagSeconds / status / flags the current cycle writes. */
  phase = 0;

  constructor() {
    this.grow(INITIAL_SLOTS);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T, width = 1): T => {
      const next = make(capacity * width);
      next.set(old);
      return next;
    };
    const f64 = (n: number) => new Float64Array(n);
    const u8 = (n: number) => new Uint8Array(n);
    this.seen = copy(this.seen, (n) => new Int32Array(n));
    this.windowStart = copy(this.windowStart, u8);
    this.windowLength = copy(this.windowLength, u8);
    this.windowT = copy(this.windowT, f64, COMMIT_WINDOW);
    this.windowCommitted = copy(this.windowCommitted, f64, COMMIT_WINDOW);
    this.windowLag = copy(this.windowLag, f64, COMMIT_WINDOW);
    this.caughtUp = copy(this.caughtUp, f64);
    this.lastCommitAt = copy(this.lastCommitAt, f64);
    this.lagSeconds = copy(this.lagSeconds, f64, 2);
    this.status = copy(this.status, u8, 2);
    this.flags = copy(this.flags, u8, 2);
    this.capacity = capacity;
  }

  /** Starts a cycle: slots not seen (slotFor) until endCycle are forgotten then. */
  beginCycle(): void {
    this.cycle++;
    this.seenThisCycle = 0;
    this.phase = this.cycle & 1;
  }

  /** The slot of a group-partition (by its committed-offset series key), made on first sight; marks it seen. */
  slotFor(key: string): number {
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.issued++;
      if (slot >= this.capacity) this.grow(this.capacity * 2);
      this.slotOf.set(key, slot);
      this.keys[slot] = key;
      this.windowStart[slot] = 0;
      this.windowLength[slot] = 0;
      this.caughtUp[slot] = Number.NaN;
      this.lastCommitAt[slot] = Number.NaN;
    }
    if (this.seen[slot] !== this.cycle) {
      this.seen[slot] = this.cycle;
      this.seenThisCycle++;
    }
    return slot;
  }

  /**
   * slotFor with a guess: the slot this group-partition had last cycle, taken when it still belongs to
   * `key` (no lookup by key then: one Map lookup less per group-partition and cycle).
   */
  slotAgain(guess: number, key: string): number {
    if (this.keys[guess] !== key) return this.slotFor(key);
    if (this.seen[guess] !== this.cycle) {
      this.seen[guess] = this.cycle;
      this.seenThisCycle++;
    }
    return guess;
  }

  /** Forgets the group-partitions the cycle did not see (deleted groups and topics). O(1) when none went. */
  endCycle(): void {
    if (this.seenThisCycle === this.slotOf.size) return;
    for (const [key, slot] of this.slotOf) {
      if (this.seen[slot] === this.cycle) continue;
      this.slotOf.delete(key);
      this.keys[slot] = undefined;
      this.free.push(slot);
    }
  }

  has(key: string): boolean {
    return this.slotOf.has(key);
  }

  /**
   * Records the committed offset as seen at time t, with the lag then. A commit equal to the newest
   * one is the same commit seen again: only "caught up" is noted.
   */
  observeCommit(slot: number, t: number, committed: number, lag: number): void {
    const length = this.windowLength[slot];
    const base = slot * COMMIT_WINDOW;
    if (length > 0) {
      const newest = base + ((this.windowStart[slot] + length - 1) % COMMIT_WINDOW);
      if (this.windowCommitted[newest] === committed) {
        if (lag === 0) this.caughtUp[slot] = t;
        return;
      }
    }
    let at: number;
    if (length < COMMIT_WINDOW) {
      at = base + ((this.windowStart[slot] + length) % COMMIT_WINDOW);
      this.windowLength[slot] = length + 1;
    } else {
      at = base + this.windowStart[slot];
      this.windowStart[slot] = (this.windowStart[slot] + 1) % COMMIT_WINDOW;
    }
    this.windowT[at] = t;
    this.windowCommitted[at] = committed;
    this.windowLag[at] = lag;
    this.caughtUp[slot] = Number.NaN;
  }

  /** A reusable view of one slot's window (valid until `window` is called again on the same view). */
  window(slot: number, into: SlotWindow = new SlotWindow(this)): SlotWindow {
    into.point(this, slot);
    return into;
  }

  /** Group-partitions with a commit window (tests, diagnostics). */
  get size(): number {
    let count = 0;
    for (const slot of this.slotOf.values()) if (this.windowLength[slot] > 0) count++;
    return count;
  }

  /** Each group-partition's window as CommitSample objects (tests, diagnostics), by series key. */
  *[Symbol.iterator](): IterableIterator<[string, CommitSample[]]> {
    for (const [key, slot] of this.slotOf) {
      if (this.windowLength[slot] === 0) continue;
      yield [key, windowSamples(this.window(slot))];
    }
  }

  /** Bytes of the typed arrays (for benchmarks): per slot 8 x (3 x COMMIT_WINDOW + 4) + 8 = 280 bytes, times up to 2 of growth slack. */
  get storageBytes(): number {
    return [this.seen, this.windowStart, this.windowLength, this.windowT, this.windowCommitted, this.windowLag, this.caughtUp, this.lagSeconds, this.lastCommitAt, this.status, this.flags].reduce(
      (sum, array) => sum + array.byteLength,
      0,
    );
  }
}

/** A cursor over one slot's commit window: no copy, no allocation per read. */
export class SlotWindow implements CommitWindowView {
  private start = 0;
  length = 0;
  caughtUpAt = Number.NaN;
  private base = 0;
  private times: Float64Array;
  private commits: Float64Array;
  private lags: Float64Array;

  constructor(state: GroupPartitionState) {
    this.times = state.windowT;
    this.commits = state.windowCommitted;
    this.lags = state.windowLag;
  }

  point(state: GroupPartitionState, slot: number): void {
    // The arrays are replaced when the state grows: take them afresh each time.
    this.times = state.windowT;
    this.commits = state.windowCommitted;
    this.lags = state.windowLag;
    this.start = state.windowStart[slot];
    this.length = state.windowLength[slot];
    this.caughtUpAt = state.caughtUp[slot];
    this.base = slot * COMMIT_WINDOW;
  }

  private at(index: number): number {
    return this.base + ((this.start + index) % COMMIT_WINDOW);
  }

  t(index: number): number {
    return this.times[this.at(index)];
  }

  committed(index: number): number {
    return this.commits[this.at(index)];
  }

  lag(index: number): number {
    return this.lags[this.at(index)];
  }
}

/** A window as CommitSample objects, oldest first (caughtUpAt on the newest, as the sampler saw it). */
export function windowSamples(view: CommitWindowView): CommitSample[] {
  return Array.from({ length: view.length }, (_, index) => {
    const sample: CommitSample = { t: view.t(index), committed: view.committed(index), lag: view.lag(index) };
    if (index === view.length - 1 && !Number.isNaN(view.caughtUpAt)) sample.caughtUpAt = view.caughtUpAt;
    return sample;
  });
}

/** A CommitSample array seen as a window (the array form of evaluatePartitionStatus). */
export function arrayWindow(commits: readonly CommitSample[]): CommitWindowView {
  return {
    length: commits.length,
    t: (index) => commits[index].t,
    committed: (index) => commits[index].committed,
    lag: (index) => commits[index].lag,
    caughtUpAt: commits[commits.length - 1]?.caughtUpAt ?? Number.NaN,
  };
}
