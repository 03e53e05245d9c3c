import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/contract/system";
import { LiveConnection, parseLiveEvent, type EventSourceLike, type LiveEnvironment } from "@/lib/client/live-connection";
import { LIVE_BUFFER_CAP, LIVE_CLOSE_GRACE_MS, LIVE_FLUSH_MS, LIVE_MAX_ERRORS, LIVE_RETRY_MS } from "@/lib/client/query-config";

// A hand-driven clock, timers and EventSource: the connection's modes and batching, without a browser.

class FakeSource implements EventSourceLike {
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners: ((event: MessageEvent) => void)[] = [];
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    if (type === "sample") this.listeners.push(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  push(data: unknown) {
    for (const listener of this.listeners) listener({ data: JSON.stringify(data) } as MessageEvent);
  }
  fail(readyState = 0) {
    this.readyState = readyState;
    this.onerror?.({} as Event);
  }
}

function fakeEnvironment(options: { eventSource?: boolean } = {}) {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; every?: number; callback: () => void }>();
  let online = true;
  const networkListeners = new Set<() => void>();
  const env: LiveEnvironment = {
    EventSource: options.eventSource === false ? undefined : FakeSource,
    now: () => now,
    setInterval: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, every: ms, callback });
      return handle;
    },
    clearInterval: (handle) => timers.delete(handle as number),
    setTimeout: (callback, ms) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout: (handle) => timers.delete(handle as number),
    isOnline: () => online,
    onNetworkChange: (callback) => {
      networkListeners.add(callback);
      return () => networkListeners.delete(callback);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [handle, timer] = due;
      now = timer.at;
      if (timer.every) timer.at += timer.every;
      else timers.delete(handle);
      timer.callback();
    }
    now = end;
  };
  const setOnline = (value: boolean) => {
    online = value;
    for (const listener of networkListeners) listener();
  };
  return { env, advance, setOnline, timerCount: () => timers.size };
}

const sample = (id: number, t: number): LiveEvent => ({
  id,
  cluster: "k",
  t,
  msgsPerSec: id,
  bytesPerSec: null,
  topics: [],
  consumers: [],
});

function setup(options: { eventSource?: boolean } = {}) {
  FakeSource.all = [];
  const fake = fakeEnvironment(options);
  const batches: LiveEvent[][] = [];
  const connection = new LiveConnection("k", (events) => batches.push(events), fake.env);
  return { ...fake, batches, connection };
}

describe("parseLiveEvent", () => {
  it("accepts a sample of the cluster and rejects anything else", () => {
    expect(parseLiveEvent(JSON.stringify(sample(1, 5)), "k")?.id).toBe(1);
    expect(parseLiveEvent(JSON.stringify(sample(1, 5)), "other")).toBeUndefined();
    expect(parseLiveEvent("{not json", "k")).toBeUndefined();
    expect(parseLiveEvent(JSON.stringify({ ...sample(1, 5), topics: null }), "k")).toBeUndefined();
  });
});

describe("LiveConnection", () => {
  it("opens one stream for all viewers and closes it a grace period after the last leaves", () => {
    const { connection, advance } = setup();
    const releaseA = connection.acquire();
    const releaseB = connection.acquire();
    expect(FakeSource.all).toHaveLength(1);
    expect(FakeSource.all[0].url).toBe("/api/v1/live?cluster=k");
    releaseA();
    releaseB();
    releaseB();
    advance(LIVE_CLOSE_GRACE_MS - 1);
    expect(FakeSource.all[0].closed).toBe(false);
    // Navigation: a new viewer within the grace period keeps the same stream.
    const releaseC = connection.acquire();
    advance(LIVE_CLOSE_GRACE_MS * 2);
    expect(FakeSource.all).toHaveLength(1);
    expect(FakeSource.all[0].closed).toBe(false);
    releaseC();
    advance(LIVE_CLOSE_GRACE_MS);
    expect(FakeSource.all[0].closed).toBe(true);
  });

  it("buffers samples and hands them over in ordered, deduplicated batches once per flush", () => {
    const { connection, advance, batches } = setup();
    connection.acquire();
    const source = FakeSource.all[0];
    expect(connection.getMode()).toBe("connecting");
    source.push(sample(2, 2000));
    source.push(sample(1, 1000));
    source.push(sample(2, 2000));
    expect(connection.getMode()).toBe("live");
    expect(batches).toHaveLength(0);
    advance(LIVE_FLUSH_MS);
    expect(batches).toEqual([[sample(1, 1000), sample(2, 2000)]]);
    // A replay of what was merged already (reconnect without Last-Event-ID) is dropped.
    source.push(sample(1, 1000));
    source.push(sample(3, 3000));
    advance(LIVE_FLUSH_MS);
    expect(batches[1]).toEqual([sample(3, 3000)]);
    advance(LIVE_FLUSH_MS);
    expect(batches).toHaveLength(2);
  });

  it("caps the buffer when flushes are late (throttled background tab)", () => {
    const { connection, batches, advance } = setup();
    connection.acquire();
    for (let i = 1; i <= LIVE_BUFFER_CAP + 50; i++) FakeSource.all[0].push(sample(i, i * 1000));
    expect(connection.buffered).toBe(LIVE_BUFFER_CAP);
    advance(LIVE_FLUSH_MS);
    expect(batches[0][0].id).toBe(51);
  });

  it("falls back to polling after repeated errors, and tries the stream again later", () => {
    const { connection, advance } = setup();
    connection.acquire();
    for (let i = 0; i < LIVE_MAX_ERRORS - 1; i++) FakeSource.all[0].fail();
    expect(connection.getMode()).toBe("connecting");
    FakeSource.all[0].fail();
    expect(connection.getMode()).toBe("polling");
    expect(FakeSource.all[0].closed).toBe(true);
    advance(LIVE_RETRY_MS);
    expect(FakeSource.all).toHaveLength(2);
    FakeSource.all[1].push(sample(1, 1000));
    expect(connection.getMode()).toBe("live");
  });

  it("falls back at once when the server refuses the stream (closed: 401, 500)", () => {
    const { connection } = setup();
    connection.acquire();
    FakeSource.all[0].fail(2);
    expect(connection.getMode()).toBe("polling");
  });

  it("says polling while an open stream is silent, and live again when samples resume", () => {
    const { connection, advance } = setup();
    connection.setSamplingInterval(1000);
    connection.acquire();
    FakeSource.all[0].push(sample(1, 1000));
    advance(3000);
    expect(connection.getMode()).toBe("live");
    advance(2000);
    expect(connection.getMode()).toBe("polling");
    FakeSource.all[0].push(sample(2, 6000));
    expect(connection.getMode()).toBe("live");
  });

  it("polls when the browser has no EventSource, and says offline when the browser is offline", () => {
    const { connection, setOnline } = setup({ eventSource: false });
    const seen: string[] = [];
    connection.subscribe(() => seen.push(connection.getMode()));
    connection.acquire();
    expect(connection.getMode()).toBe("polling");
    setOnline(false);
    expect(connection.getMode()).toBe("offline");
    setOnline(true);
    expect(seen).toEqual(["polling", "offline", "polling"]);
  });

  it("stops its timers when closed", () => {
    const { connection, advance, timerCount } = setup();
    const release = connection.acquire();
    release();
    advance(LIVE_CLOSE_GRACE_MS);
    expect(timerCount()).toBe(0);
  });
});

describe("mergeLiveBatchIntoCache", () => {
  it("merges into queries that declared a live target, keeps their fetch time, and refetches overdue ones", async () => {
    const { QueryClient, QueryObserver } = await import("@tanstack/react-query");
    const { mergeLiveBatchIntoCache } = await import("@/lib/client/use-live-updates");
    const { liveMeta } = await import("@/lib/client/live-reducer");
    const { queryKeys } = await import("@/lib/query-keys");
    const client = new QueryClient();
    let fetches = 0;
    const key = queryKeys.clusterHistory("k", "1h");
    const fetchedAt = Date.now() - 60_000;
    client.setQueryData(key, { window: 3600, points: [{ t: new Date(1000).toISOString(), msgsPerSec: 1, bytesPerSec: null }] }, { updatedAt: fetchedAt });
    const observer = new QueryObserver(client, {
      queryKey: key,
      queryFn: async () => {
        fetches += 1;
        return { window: 3600, points: [] };
      },
      refetchInterval: 30_000,
      staleTime: Infinity,
      meta: liveMeta({ kind: "cluster-history" }),
    });
    const unsubscribe = observer.subscribe(() => {});
    // An unrelated query under the same cluster, without a live target, is left alone.
    client.setQueryData(["clusters", "k", "dlq"], { untouched: true });

    mergeLiveBatchIntoCache(client, "k", [sample(1, 5000)]);
    const state = client.getQueryState(key)!;
    expect((state.data as { points: unknown[] }).points).toHaveLength(2);
    expect(state.dataUpdatedAt).toBe(fetchedAt);
    expect(client.getQueryData(["clusters", "k", "dlq"])).toEqual({ untouched: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetches).toBe(1);

    // Freshly fetched: merging again does not refetch.
    mergeLiveBatchIntoCache(client, "k", [sample(2, 10_000)]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetches).toBe(1);
    unsubscribe();
    client.clear();
  });
});
