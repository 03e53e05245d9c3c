// Long synchronous work on a server's event loop (a sampling cycle over 60,000 group-partitions)
// delays every request behind it. Written as a generator that yields at natural breaks (after each
// topic, each group), the same work runs either straight through (tests, sampling on read) or in
// slices of a few milliseconds with the event loop free in between, so requests keep being
// answered while a cycle runs. Same result either way.

/** Default slice: long enough that the pauses cost little, short enough for a quick health answer. */
export const SLICE_MS = 8;

/** Runs `steps` to its end in one go and returns its result. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `steps` to its end, giving the event loop a turn (setImmediate: after pending I/O callbacks,
 * so waiting requests go first) whenever a slice has run `sliceMs`.
 */
export async function runInSlices<T>(steps: Generator<unknown, T>, sliceMs = SLICE_MS, now: () => number = () => performance.now()): Promise<T> {
  let sliceStart = now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (now() - sliceStart >= sliceMs) {
      await breathe();
      sliceStart = now();
    }
  }
}

/** For async loops: `if (slice.due()) await slice.pause();` after each unit of work. */
export class TimeSlice {
  private start = performance.now();
  constructor(private readonly sliceMs = SLICE_MS) {}
  due(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }
  async pause(): Promise<void> {
    await breathe();
    this.start = performance.now();
  }
}
