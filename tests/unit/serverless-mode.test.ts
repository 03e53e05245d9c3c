import { newCommitTracker } from "@/lib/metrics/derive-cycle";
import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { LiveConnection, type EventSourceLike, type LiveEnvironment } from "@/lib/client/live-connection";
import { RAW_SAMPLE_RETENTION, rawSamplesToDrop } from "@/lib/metrics/serverless/raw-sample-retention";
import { decodeSnapshot, encodeSnapshot } from "@/lib/metrics/serverless/snapshot-codec";
import { runtimeMode, serverlessDatabaseProblem, serverlessWarnings } from "@/lib/runtime-mode";
import { DEFAULT_CRON_BUDGET_MS, cronBudgetMs } from "@/lib/serverless/cron-budget";
import { CRON_ACTOR, cronSecretActor, isCronAuthorization } from "@/lib/serverless/cron-secret";

// The pure parts of serverless mode (docs/deploy.md "Vercel"); tests/integration/serverless-mode.test.ts
// runs the whole mode against PostgreSQL and Kafka.

describe("runtimeMode", () => {
  it("is serverless on Vercel or when switched on, and a server otherwise", () => {
    expect(runtimeMode({})).toBe("server");
    expect(runtimeMode({ VERCEL: "1" })).toBe("serverless");
    expect(runtimeMode({ EVENTSCOPE_SERVERLESS: "1" })).toBe("serverless");
    expect(runtimeMode({ EVENTSCOPE_SERVERLESS: "true" })).toBe("serverless");
    expect(runtimeMode({ EVENTSCOPE_SERVERLESS: "0", VERCEL: "1" })).toBe("server");
    expect(runtimeMode({ EVENTSCOPE_SERVERLESS: "", VERCEL: "" })).toBe("server");
    expect(runtimeMode({ VERCEL: "0" })).toBe("server");
  });

  it("warns at start-up about a missing secret key or cron secret", () => {
    expect(serverlessWarnings({ EVENTSCOPE_SECRET_KEY: "k", CRON_SECRET: "c" })).toEqual([]);
    const warnings = serverlessWarnings({});
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^EVENTSCOPE_SECRET_KEY is not set/);
    expect(warnings[1]).toMatch(/^CRON_SECRET is not set/);
  });

  it("refuses anything but PostgreSQL in serverless mode, with a message that says what to do", () => {
    expect(serverlessDatabaseProblem("server", "sqlite")).toBeNull();
    expect(serverlessDatabaseProblem("serverless", "postgres")).toBeNull();
    expect(serverlessDatabaseProblem("serverless", "sqlite")).toMatch(/needs PostgreSQL: set DATABASE_URL to a postgres:\/\//);
  });
});

describe("stored snapshots", () => {
  const snapshot: ClusterSnapshot = {
    at: 1_700_000_000_000,
    topics: [{ name: "orders", bytes: null, partitions: [{ partition: 0, low: 0, high: 120, messages: 120 }] }],
    consumers: [{ group: "billing", state: "Stable", members: 1, topics: ["orders"], lag: 20, partitions: [{ topic: "orders", partition: 0, committed: 100, high: 120, lag: 20 }] }],
  };

  it("round-trip through the stored bytes", () => {
    expect(decodeSnapshot(encodeSnapshot(snapshot))).toEqual(snapshot);
  });

  it("skip rows of another format or that do not decode", () => {
    expect(decodeSnapshot(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(decodeSnapshot(gzipSync(JSON.stringify({ v: 99, snapshot })))).toBeUndefined();
    expect(decodeSnapshot(gzipSync(JSON.stringify({ v: 1, snapshot: { at: "x" } })))).toBeUndefined();
  });

  it("compress thousands of partitions' offsets", () => {
    const big: ClusterSnapshot = {
      at: 1,
      topics: [{ name: "t", bytes: null, partitions: Array.from({ length: 5000 }, (_, i) => ({ partition: i, low: 0, high: 1_000_000 + i, messages: 1_000_000 + i })) }],
      consumers: [],
    };
    expect(encodeSnapshot(big).byteLength).toBeLessThan(JSON.stringify(big).length / 3);
  });
});

describe("rawSamplesToDrop", () => {
  const now = 10 * 3_600_000;
  const policy = { keepNewest: 3, stepMs: 60_000, maxAgeMs: 3_600_000 };

  it("keeps the newest few whatever their spacing", () => {
    expect(rawSamplesToDrop([now - 2000, now - 1000, now], now, policy)).toEqual([]);
  });

  it("keeps one per minute further back, and nothing older than the limit", () => {
    const every10s = Array.from({ length: 7 * 6 }, (_, i) => now - i * 10_000); // 7 minutes at 10 s
    const kept = every10s.filter((t) => !rawSamplesToDrop(every10s, now, policy).includes(t));
    // 3 newest, then the newest of each older minute
    expect(kept.length).toBeGreaterThanOrEqual(3 + 6);
    expect(kept.length).toBeLessThanOrEqual(3 + 8);
    const minutes = kept.slice(3).map((t) => Math.floor(t / 60_000));
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(rawSamplesToDrop([now, now - 1, now - 2, now - 3_700_000], now, policy)).toEqual([now - 3_700_000]);
  });

  it("by default keeps enough for rates and the status window, and an hour", () => {
    expect(RAW_SAMPLE_RETENTION.keepNewest).toBeGreaterThanOrEqual(10);
    expect(RAW_SAMPLE_RETENTION.maxAgeMs).toBe(3_600_000);
    const everyMinute = Array.from({ length: 90 }, (_, i) => now - i * 60_000);
    expect(everyMinute.length - rawSamplesToDrop(everyMinute, now).length).toBe(61);
  });
});

describe("cron credentials", () => {
  const secret = "cron-secret-0123456789";

  it("accept exactly Bearer CRON_SECRET, and only a secret of 16 characters or more", () => {
    expect(isCronAuthorization(`Bearer ${secret}`, secret)).toBe(true);
    expect(isCronAuthorization(`bearer ${secret}`, secret)).toBe(true);
    expect(isCronAuthorization(`Bearer ${secret}x`, secret)).toBe(false);
    expect(isCronAuthorization(secret, secret)).toBe(false);
    expect(isCronAuthorization(null, secret)).toBe(false);
    expect(isCronAuthorization("Bearer short", "short")).toBe(false);
    expect(isCronAuthorization("Bearer ", undefined)).toBe(false);
  });

  it("make the cron actor for the cron route only when CRON_SECRET is set", () => {
    const request = new Request("http://x/api/v1/cron/sample", { headers: { authorization: `Bearer ${secret}` } });
    expect(cronSecretActor(request, { CRON_SECRET: secret })).toEqual(CRON_ACTOR);
    expect(cronSecretActor(request, {})).toBeNull();
  });

  it("bound the cron budget", () => {
    expect(cronBudgetMs({})).toBe(DEFAULT_CRON_BUDGET_MS);
    expect(cronBudgetMs({ EVENTSCOPE_CRON_BUDGET_MS: "2500" })).toBe(2500);
    expect(cronBudgetMs({ EVENTSCOPE_CRON_BUDGET_MS: "5" })).toBe(1000);
    expect(cronBudgetMs({ EVENTSCOPE_CRON_BUDGET_MS: "1e9" })).toBe(780_000);
    expect(cronBudgetMs({ EVENTSCOPE_CRON_BUDGET_MS: "soon" })).toBe(DEFAULT_CRON_BUDGET_MS);
  });
});

describe("the browser's live connection in serverless mode", () => {
  class OnePollingEvent implements EventSourceLike {
    static opened = 0;
    readyState = 0;
    onopen: ((event: Event) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    private polling: ((event: MessageEvent) => void)[] = [];
    constructor() {
      OnePollingEvent.opened++;
    }
    addEventListener(type: string, listener: (event: MessageEvent) => void) {
      if (type === "polling") this.polling.push(listener);
    }
    close() {
      this.readyState = 2;
    }
    answerPolling() {
      for (const listener of this.polling) listener({ data: '{"mode":"serverless"}' } as MessageEvent);
      // Then the stream ends: the browser reports an error on a source we no longer listen to.
      this.readyState = 2;
      this.onerror?.({} as Event);
    }
  }

  it("polls at once when the server answers `event: polling`, and never opens the stream again", () => {
    let last: OnePollingEvent | undefined;
    const timers: (() => void)[] = [];
    const env: LiveEnvironment = {
      EventSource: class extends OnePollingEvent {
        constructor() {
          super();
          // eslint-disable-next-line @typescript-eslint/no-this-alias
          last = this;
        }
      },
      now: () => 0,
      setInterval: () => 1,
      clearInterval: () => {},
      setTimeout: (callback) => {
        timers.push(callback);
        return timers.length;
      },
      clearTimeout: () => {},
      isOnline: () => true,
      onNetworkChange: () => () => {},
    };
    const connection = new LiveConnection("c1", () => {}, env);
    const release = connection.acquire();
    expect(connection.getMode()).toBe("connecting");
    last!.answerPolling();
    expect(connection.getMode()).toBe("polling");
    for (const timer of timers.splice(0)) timer(); // no retry was scheduled; a later grace close and reopen
    release();
    for (const timer of timers.splice(0)) timer();
    connection.acquire();
    expect(connection.getMode()).toBe("polling");
    expect(OnePollingEvent.opened).toBe(1);
  });
});

describe("a cold start's replay", () => {
  // One topic at 10 msg/s; the group's commit is stuck 40 minutes back. Stored: one snapshot a minute
  // for an hour, then a dozen 5 s apart, as raw-sample-retention.ts keeps them.
  function storedSnapshots(): ClusterSnapshot[] {
    const now = 1_800_000_000_000;
    const times = [
      ...Array.from({ length: 60 }, (_, i) => now - 60_000 - (59 - i) * 60_000),
      ...Array.from({ length: 12 }, (_, i) => now - (11 - i) * 5_000),
    ];
    const start = times[0]!;
    const committed = Math.round(((now - 40 * 60_000 - start) / 1000) * 10);
    return times.map((at) => {
      const high = Math.round(((at - start) / 1000) * 10) + 1;
      return {
        at,
        topics: [{ name: "orders", bytes: null, partitions: [{ partition: 0, low: 0, high, messages: high }] }],
        consumers: [{ group: "billing", state: "Empty", members: 0, topics: ["orders"], lag: high - committed, partitions: [{ topic: "orders", partition: 0, committed, high, lag: high - committed }] }],
      };
    });
  }

  it("gives the figures of a full replay while deriving only the newest snapshots", async () => {
    const { SeriesBook } = await import("@/lib/metrics/ring-series");
    const { deriveCycle } = await import("@/lib/metrics/derive-cycle");
    const { FULL_REPLAY_SAMPLES, replayLogEnds } = await import("@/lib/metrics/serverless/replay-log-ends");
    const snapshots = storedSnapshots();

    const fullBook = new SeriesBook(721);
    const fullCommits = newCommitTracker();
    let full;
    for (const snapshot of snapshots) full = deriveCycle(fullBook, snapshot, fullCommits, { intervalMs: 5_000 });

    const lightBook = new SeriesBook(721);
    const lightCommits = newCommitTracker();
    let light;
    const cut = snapshots.length - FULL_REPLAY_SAMPLES;
    for (const snapshot of snapshots.slice(0, cut)) replayLogEnds(lightBook, snapshot);
    for (const snapshot of snapshots.slice(cut)) light = deriveCycle(lightBook, snapshot, lightCommits, { intervalMs: 5_000 });

    const fullGroup = full!.groups.get("billing")!;
    const lightGroup = light!.groups.get("billing")!;
    // The commit is 40 minutes old: only the minute snapshots know when that offset was produced.
    expect(fullGroup.lagSeconds).toBeGreaterThan(39 * 60);
    expect(fullGroup.lagSeconds).toBeLessThan(41 * 60);
    expect(lightGroup.lagSeconds).toBeCloseTo(fullGroup.lagSeconds!, 6);
    expect(lightGroup.lagSecondsAtLeast).toBeUndefined();
    expect(light!.topics.get("orders")!.msgsPerSec).toBeCloseTo(full!.topics.get("orders")!.msgsPerSec!, 6);
    expect(light!.topics.get("orders")!.msgsPerSec).toBeCloseTo(10, 1);
    expect(lightGroup.status).toBe(fullGroup.status);

    // The same in the sampler's own book, whose per-partition series keep one point a minute
    // beyond the newest five minutes (lib/metrics/sampler.ts createSeriesBook).
    const { createSeriesBook } = await import("@/lib/metrics/sampler");
    const samplerBook = createSeriesBook(5_000);
    const samplerCommits = newCommitTracker();
    let inSamplerBook;
    for (const snapshot of snapshots.slice(0, cut)) replayLogEnds(samplerBook, snapshot);
    for (const snapshot of snapshots.slice(cut)) inSamplerBook = deriveCycle(samplerBook, snapshot, samplerCommits, { intervalMs: 5_000 });
    const samplerGroup = inSamplerBook!.groups.get("billing")!;
    expect(samplerGroup.lagSeconds).toBeCloseTo(fullGroup.lagSeconds!, 0);
    expect(samplerGroup.lagSecondsAtLeast).toBeUndefined();
  });
});
