// Keeps a job at or below its messages-per-second rate, measured from when it (re)started.
export class RateLimiter {
  private readonly started = Date.now();
  private sent = 0;

  constructor(private readonly perSecond: number) {}

  /** Milliseconds to wait before `count` more messages may go. */
  delayFor(count: number, now = Date.now()): number {
    const allowedAt = this.started + ((this.sent + count) / this.perSecond) * 1000;
    return Math.max(0, allowedAt - now);
  }

  async take(count: number): Promise<void> {
    const wait = this.delayFor(count);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.sent += count;
  }
}
