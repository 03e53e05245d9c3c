import { describe, expect, it } from "vitest";
import { addressKey, normalizeAddress, parseTrustedProxies, resolveClientAddress } from "@/lib/auth/client-address";
import { HashGate } from "@/lib/auth/hash-gate";
import { FailureRate, FailureTable, SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from "@/lib/auth/sign-in-limiter";

const limits: SignInLimits = { ...SIGN_IN_LIMITS, addressAllowance: 4, userAllowance: 2, globalFailuresPerMinute: 10, baseMs: 1_000, pressureBaseMs: 4_000, maxMs: 8_000, forgetMs: 60_000, capacity: 100 };
const T0 = 1_000_000_000_000;

function fail(limiter: SignInLimiter, address: string, username: string, times: number, at: number) {
  for (let i = 0; i < times; i++) limiter.recordFailure(address, username, at);
}

describe("sign-in limiter", () => {
  it("backs off one user from one address after its allowance, doubling up to the cap", () => {
    const limiter = new SignInLimiter(limits);
    expect(limiter.recordFailure("10.0.0.1", "ann", T0)).toEqual([]);
    expect(limiter.check("10.0.0.1", "ann", T0)).toEqual({ allowed: true });
    expect(limiter.recordFailure("10.0.0.1", "ann", T0)).toEqual(["user-and-address"]);
    expect(limiter.check("10.0.0.1", "ann", T0)).toEqual({ allowed: false, retryAfterSeconds: 1, scope: "user-and-address" });
    expect(limiter.check("10.0.0.1", "ann", T0 + 1_000).allowed).toBe(true);
    limiter.recordFailure("10.0.0.1", "ann", T0 + 1_000);
    expect(limiter.check("10.0.0.1", "ann", T0 + 2_000)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check("10.0.0.1", "ann", T0 + 3_000).allowed).toBe(true);
    const capped = new SignInLimiter({ ...limits, addressAllowance: 100 });
    fail(capped, "10.0.0.1", "ann", 20, T0);
    expect(capped.check("10.0.0.1", "ann", T0)).toMatchObject({ allowed: false, retryAfterSeconds: 8 });
  });

  it("never slows the same user signing in from another address (no lockout by others)", () => {
    const limiter = new SignInLimiter({ ...limits, globalFailuresPerMinute: 1_000 });
    fail(limiter, "203.0.113.7", "ann", 50, T0);
    expect(limiter.check("203.0.113.7", "ann", T0).allowed).toBe(false);
    expect(limiter.check("198.51.100.1", "ann", T0)).toEqual({ allowed: true });
  });

  it("limits one address spraying many usernames", () => {
    const limiter = new SignInLimiter({ ...limits, globalFailuresPerMinute: 1_000 });
    for (let i = 0; i < 3; i++) expect(limiter.recordFailure("10.0.0.2", `user-${i}`, T0)).toEqual([]);
    expect(limiter.recordFailure("10.0.0.2", "user-3", T0)).toEqual(["address"]);
    expect(limiter.check("10.0.0.2", "someone-new", T0)).toEqual({ allowed: false, retryAfterSeconds: 1, scope: "address" });
    expect(limiter.check("10.0.0.3", "someone-new", T0).allowed).toBe(true);
  });

  it("under a global spray, backs off every failing client from its first failure, but not clients without failures", () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 9; i++) limiter.recordFailure(`10.1.0.${i}`, `user-${i}`, T0);
    expect(limiter.underPressure(T0)).toBe(false);
    expect(limiter.check("10.1.0.1", "user-1", T0).allowed).toBe(true);
    expect(limiter.recordFailure("10.1.0.9", "user-9", T0)).toEqual(["global"]);
    expect(limiter.check("10.1.0.1", "user-1", T0)).toEqual({ allowed: false, retryAfterSeconds: 4, scope: "global" });
    expect(limiter.check("10.1.0.1", "another", T0)).toMatchObject({ allowed: false, scope: "global" });
    expect(limiter.check("192.0.2.1", "ann", T0)).toEqual({ allowed: true });
    // Back-off, not lock: the wait passes, and the pressure fades as the failures age.
    expect(limiter.check("10.1.0.1", "user-1", T0 + 4_000).allowed).toBe(true);
    expect(limiter.underPressure(T0 + 2 * 60_000)).toBe(false);
  });

  it("forgets a key after forgetMs, and a success clears the user's own counter but not the address's", () => {
    const limiter = new SignInLimiter({ ...limits, globalFailuresPerMinute: 1_000 });
    fail(limiter, "10.0.0.4", "ann", 4, T0);
    limiter.recordFailure("10.0.0.4", "ann", T0 + 59_999);
    expect(limiter.check("10.0.0.4", "ann", T0 + 59_999)).toMatchObject({ allowed: false, retryAfterSeconds: 8 });
    const later = new SignInLimiter({ ...limits, globalFailuresPerMinute: 1_000 });
    fail(later, "10.0.0.4", "ann", 4, T0);
    later.recordFailure("10.0.0.4", "ann", T0 + 60_000);
    expect(later.check("10.0.0.4", "ann", T0 + 60_000)).toEqual({ allowed: true });
    fail(limiter, "10.0.0.5", "ann", 2, T0);
    limiter.recordSuccess("10.0.0.5", "ann");
    expect(limiter.check("10.0.0.5", "ann", T0).allowed).toBe(true);
    fail(limiter, "10.0.0.6", "bob", 3, T0);
    fail(limiter, "10.0.0.6", "own-account", 1, T0);
    limiter.recordSuccess("10.0.0.6", "own-account");
    expect(limiter.check("10.0.0.6", "carl", T0)).toMatchObject({ allowed: false, scope: "address" });
  });
});

describe("failure table memory", () => {
  it("holds at most `capacity` keys, never evicts a live key, and limits new keys together when full", () => {
    const table = new FailureTable(100, 60_000);
    for (let i = 0; i < 100; i++) table.add(`old-${i}`, T0);
    for (let i = 0; i < 10_000; i++) table.add(`flood-${i}`, T0 + 1);
    expect(table.size).toBe(100);
    // The first keys were not pushed out by the flood: their counts stand.
    expect(table.get("old-0", T0 + 2)?.count).toBe(1);
    // New keys share the overflow entry: 10,000 failures between them.
    expect(table.get("never-seen", T0 + 2)?.count).toBe(10_000);
    // Keys leave when forgotten, then new keys get their own entries again.
    expect(table.get("never-seen", T0 + 60_001)).toBeUndefined();
    expect(table.size).toBe(0);
    expect(table.add("fresh", T0 + 60_002)).toBe(1);
  });

  it("forgets expired keys in order of their last failure", () => {
    const table = new FailureTable(10, 1_000);
    table.add("a", 0);
    table.add("b", 500);
    table.add("a", 600);
    expect(table.get("b", 1_550)).toBeUndefined();
    expect(table.get("a", 1_550)?.count).toBe(2);
  });

  it("counts failures per minute across a minute boundary", () => {
    const rate = new FailureRate();
    for (let i = 0; i < 10; i++) rate.add(T0 - (T0 % 60_000) + 59_000);
    const next = T0 - (T0 % 60_000) + 60_000;
    expect(rate.perMinute(next)).toBe(10);
    expect(rate.perMinute(next + 30_000)).toBe(5);
    expect(rate.perMinute(next + 120_000)).toBe(0);
  });
});

describe("hash gate", () => {
  it("runs `concurrency` checks, queues `maxWaiting`, refuses the rest, and hands slots on in order", async () => {
    const gate = new HashGate(1, 2);
    const first = await gate.tryEnter()!;
    const order: string[] = [];
    const second = gate.tryEnter()!.then((release) => (order.push("second"), release));
    const third = gate.tryEnter()!.then((release) => (order.push("third"), release));
    expect(gate.tryEnter()).toBeNull();
    expect(gate.busy).toEqual({ running: 1, waiting: 2 });
    first();
    first(); // a second call frees nothing more
    (await second)();
    (await third)();
    expect(order).toEqual(["second", "third"]);
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
    expect(gate.tryEnter()).not.toBeNull();
  });
});

describe("client address", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.5 fd00::/8");

  it("uses the socket's peer and ignores X-Forwarded-For unless the peer is a trusted proxy", () => {
    expect(resolveClientAddress({ peer: "203.0.113.9", forwardedFor: "1.2.3.4", trusted: none })).toBe("203.0.113.9");
    expect(resolveClientAddress({ peer: "203.0.113.9", forwardedFor: "1.2.3.4", trusted: proxies })).toBe("203.0.113.9");
    expect(resolveClientAddress({ peer: null, forwardedFor: "1.2.3.4", trusted: proxies })).toBe("unknown");
  });

  it("reads X-Forwarded-For from the right, only through trusted proxies", () => {
    // The client forged "1.1.1.1"; the first proxy saw 198.51.100.4; the second proxy is trusted too.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "1.1.1.1, 198.51.100.4, 10.0.0.3", trusted: proxies })).toBe("198.51.100.4");
    expect(resolveClientAddress({ peer: "::ffff:192.168.1.5", forwardedFor: "198.51.100.4", trusted: proxies })).toBe("198.51.100.4");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "10.0.0.7", trusted: proxies })).toBe("10.0.0.7");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "bogus, 198.51.100.4", trusted: proxies })).toBe("198.51.100.4");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "bogus", trusted: proxies })).toBe("10.0.0.2");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: null, trusted: proxies })).toBe("10.0.0.2");
    expect(resolveClientAddress({ peer: "fd00::1", forwardedFor: "[2001:db8::1]:443", trusted: proxies })).toBe("2001:db8::1");
  });

  it("normalizes addresses and groups IPv6 by /64", () => {
    expect(normalizeAddress("::FFFF:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("203.0.113.9:5555")).toBe("203.0.113.9");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("not-an-ip")).toBeUndefined();
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });

  it("refuses a bad EVENTSCOPE_TRUSTED_PROXIES entry, naming the variable", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/EVENTSCOPE_TRUSTED_PROXIES: "10.0.0.0\/33"/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/EVENTSCOPE_TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("10.0.0.0/8/1")).toThrow(/EVENTSCOPE_TRUSTED_PROXIES/);
    expect(parseTrustedProxies("").entries).toEqual([]);
  });
});
