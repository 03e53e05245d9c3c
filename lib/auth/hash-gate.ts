// Bounds the password checks (scrypt: ~100 ms of a core and 32 MB each, on libuv's thread pool,
// which file and DNS work share) that run at once, with a short queue. A check that finds the slots
// and the queue full is refused at once (429, Retry-After) instead of waiting: queued scrypt work
// is what slowed every other request to seconds when sign-in was sprayed. Pure, so it is unit-tested.

export const SIGN_IN_HASH_CONCURRENCY = 1;
export const SIGN_IN_HASH_QUEUE = 8;
/** What a refused caller is told to wait: a few password checks' time. */
export const SIGN_IN_BUSY_RETRY_AFTER_SECONDS = 1;

export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get busy(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * A promise of a release function (call it once when the check is done) that resolves when a slot
   * is free, or null when all slots are taken and maxWaiting callers already wait.
   */
  tryEnter(): Promise<() => void> | null {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) return null;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, so `running` only drops when nobody waits.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
