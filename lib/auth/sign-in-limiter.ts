// Sign-in failure limits. Pure: the clock is passed in, nothing is stored outside the object.
//
// Three counters, all of failures (a correct password never waits for them):
// - per address (IPv4 address or IPv6 /64): stops one client spraying passwords over many usernames;
// - per username AND address: stops one client guessing one user's password. It is keyed by the
//   address too so that nobody else can slow the real user down: failures from other addresses do not
//   count against the user's own address. (A per-username counter from any address would let anyone
//   lock a known user out.)
// - globally: when failures across all clients exceed a budget (a spray from many addresses), every
//   client that has failed recently backs off after its first failure instead of after its allowance,
//   and from a longer first wait (pressureBaseMs).
//   A client with no recent failure is not slowed, so the right password from an unaffected address
//   still gets in at once.
//
// Back off, never lock: past its allowance a key waits baseMs, then twice as long after each further
// failure, up to maxMs; a key is forgotten forgetMs after its last failure.
//
// Memory is bounded by design: each table holds at most `capacity` keys, and a key leaves only when it
// is forgotten (never because others arrived: evicting the oldest key would let a client reset its own
// counter by flooding the table). When a table is full, new keys share one overflow entry, i.e. they
// are limited together as if they were one client, until entries expire. Keys are only added after a
// password check, which the hash gate (hash-gate.ts) bounds to a few at a time, so filling a table takes
// more than `capacity` password checks within forgetMs.

export interface SignInLimits {
  /** Failures per address before it backs off. Higher than per user: several people can share a NAT. */
  addressAllowance: number;
  /** Failures per username from one address before that pair backs off. */
  userAllowance: number;
  /** Failures across all clients per minute above which every failing key backs off from its first failure. */
  globalFailuresPerMinute: number;
  /** The first wait past an allowance; it doubles with each further failure. */
  baseMs: number;
  /** The first wait under a global spray: longer, so that each of many addresses gets few guesses. */
  pressureBaseMs: number;
  maxMs: number;
  forgetMs: number;
  /** Most keys per table. */
  capacity: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  addressAllowance: 10,
  userAllowance: 5,
  globalFailuresPerMinute: 30,
  baseMs: 1_000,
  pressureBaseMs: 10_000,
  maxMs: 5 * 60_000,
  forgetMs: 15 * 60_000,
  capacity: 20_000,
};

export type LimitScope = "address" | "user-and-address" | "global";

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: LimitScope };

interface Failures {
  count: number;
  lastAt: number;
}

/** Failure counts per key, forgotten forgetMs after their last failure, at most `capacity` keys. */
export class FailureTable {
  // Re-inserted on every failure, so iteration order is the order of last failures: expired keys are
  // always at the front, and forgetting them is a walk that stops at the first live key.
  private readonly entries = new Map<string, Failures>();
  private overflow: Failures | undefined;

  constructor(
    readonly capacity: number,
    readonly forgetMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, failures] of this.entries) {
      if (now - failures.lastAt < this.forgetMs) break;
      this.entries.delete(key);
    }
    if (this.overflow && now - this.overflow.lastAt >= this.forgetMs) this.overflow = undefined;
  }

  /** The failures that count for `key`: its own, or the shared overflow entry when it has none and the table is full. */
  get(key: string, now: number): Failures | undefined {
    this.forgetExpired(now);
    return this.entries.get(key) ?? (this.entries.size >= this.capacity ? this.overflow : undefined);
  }

  /** Records a failure; returns the count that now applies to `key`. */
  add(key: string, now: number): number {
    this.forgetExpired(now);
    const own = this.entries.get(key);
    if (!own && this.entries.size >= this.capacity) {
      this.overflow = { count: (this.overflow?.count ?? 0) + 1, lastAt: now };
      return this.overflow.count;
    }
    const failures = { count: (own?.count ?? 0) + 1, lastAt: now };
    this.entries.delete(key);
    this.entries.set(key, failures);
    return failures.count;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** Failures per minute across everyone, in fixed memory: this minute's count plus the previous minute's, weighted by how much of it still falls in the last 60 s. */
export class FailureRate {
  private minute = -1;
  private current = 0;
  private previous = 0;

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute === this.minute) return;
    this.previous = minute === this.minute + 1 ? this.current : 0;
    this.current = 0;
    this.minute = minute;
  }

  add(now: number): void {
    this.roll(now);
    this.current++;
  }

  perMinute(now: number): number {
    this.roll(now);
    return this.current + this.previous * (1 - (now % 60_000) / 60_000);
  }
}

export class SignInLimiter {
  private readonly byAddress: FailureTable;
  private readonly byUserAndAddress: FailureTable;
  private readonly global = new FailureRate();

  constructor(readonly limits: SignInLimits = SIGN_IN_LIMITS) {
    this.byAddress = new FailureTable(limits.capacity, limits.forgetMs);
    this.byUserAndAddress = new FailureTable(limits.capacity, limits.forgetMs);
  }

  globalFailuresPerMinute(now: number): number {
    return this.global.perMinute(now);
  }

  underPressure(now: number): boolean {
    return this.global.perMinute(now) >= this.limits.globalFailuresPerMinute;
  }

  /** Whether `address` may try `username` now. `address` is an addressKey(). */
  check(address: string, username: string, now: number): SignInVerdict {
    const pressure = this.underPressure(now);
    const allowance = (normal: number) => (pressure ? 1 : normal);
    const waits: Array<{ scope: LimitScope; until: number }> = [];
    const addressFailures = this.byAddress.get(address, now);
    const userFailures = this.byUserAndAddress.get(userKey(username, address), now);
    if (addressFailures) waits.push({ scope: pressure ? "global" : "address", until: this.waitUntil(addressFailures, allowance(this.limits.addressAllowance), pressure) });
    if (userFailures) waits.push({ scope: pressure ? "global" : "user-and-address", until: this.waitUntil(userFailures, allowance(this.limits.userAllowance), pressure) });
    const longest = waits.filter((wait) => wait.until > now).sort((a, b) => b.until - a.until)[0];
    if (!longest) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((longest.until - now) / 1000)), scope: longest.scope };
  }

  /** Records a failed sign-in; returns the limits this failure made start backing off (to audit once each). */
  recordFailure(address: string, username: string, now: number): LimitScope[] {
    const wasUnderPressure = this.underPressure(now);
    this.global.add(now);
    const tripped: LimitScope[] = [];
    if (this.byAddress.add(address, now) === this.limits.addressAllowance) tripped.push("address");
    if (this.byUserAndAddress.add(userKey(username, address), now) === this.limits.userAllowance) tripped.push("user-and-address");
    if (!wasUnderPressure && this.underPressure(now)) tripped.push("global");
    return tripped;
  }

  /**
   * The user's own counter starts again after the right password. The address counter does not: an
   * attacker with one valid account would otherwise clear it between guesses at other accounts.
   */
  recordSuccess(address: string, username: string): void {
    this.byUserAndAddress.delete(userKey(username, address));
  }

  private waitUntil(failures: Failures, allowance: number, pressure: boolean): number {
    if (failures.count < allowance) return 0;
    const base = pressure ? this.limits.pressureBaseMs : this.limits.baseMs;
    const wait = Math.min(this.limits.maxMs, base * 2 ** Math.min(failures.count - allowance, 30));
    return failures.lastAt + wait;
  }
}

function userKey(username: string, address: string): string {
  return `${username}\u0000${address}`;
}
