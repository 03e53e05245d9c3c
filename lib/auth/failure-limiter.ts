// Counts failures per key in a sliding window and blocks a key that reached the limit until its
// oldest failure leaves the window. In memory: per process, reset on restart, which is enough to
// make password guessing slow (5 tries per 5 minutes). Pure apart from the clock passed in.
export interface LimitCheck {
  allowed: boolean;
  /** Seconds until the next attempt is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Bounds memory when someone sprays random usernames: the oldest keys are dropped first. */
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  check(key: string, now = Date.now()): LimitCheck {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return { allowed: true, retryAfterSeconds: 0 };
    const oldest = recent[recent.length - this.limit]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }

  /** Records a failure; returns true when this one reached the limit (to log it once). */
  fail(key: string, now = Date.now()): boolean {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    return recent.length === this.limit;
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * The client address for rate limiting: the first X-Forwarded-For hop, X-Real-IP, or "unknown".
 * Forwarded headers can be forged when no proxy strips them, which is why sign-in also limits per
 * username regardless of address.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || request.headers.get("x-real-ip")?.trim() || "unknown").slice(0, 100);
}
