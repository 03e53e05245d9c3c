// One value read on demand and shared by every caller: concurrent callers wait for the same read, a
// value is reused until it is `maxAgeMs` old (counted from when its read began), and invalidate()
// makes the next call read again. A read that was already running when invalidate() was called still
// answers the callers waiting for it, but its value is not kept: it may predate the change.
// A failed read is not kept either; the next call tries again.
//
// Pure logic (the read and the clock are passed in), unit-tested in tests/unit/shared-reload.test.ts.

export class SharedReload<T> {
  private kept: { value: T; readAt: number } | undefined;
  private running: { promise: Promise<T>; generation: number } | undefined;
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    const kept = this.kept;
    if (kept && this.now() - kept.readAt < this.maxAgeMs) return Promise.resolve(kept.value);
    if (this.running && this.running.generation === this.generation) return this.running.promise;
    const generation = this.generation;
    const readAt = this.now();
    const promise: Promise<T> = this.read().then(
      (value) => {
        if (this.running?.promise === promise) this.running = undefined;
        if (generation === this.generation) this.kept = { value, readAt };
        return value;
      },
      (error: unknown) => {
        if (this.running?.promise === promise) this.running = undefined;
        throw error;
      },
    );
    this.running = { promise, generation };
    return promise;
  }

  /** The stored data changed: forget the value and any read already under way. */
  invalidate(): void {
    this.generation++;
    this.kept = undefined;
  }
}
