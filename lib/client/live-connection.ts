// One push stream (GET /api/v1/live?cluster=) per cluster per browser tab, shared by every component
// that shows that cluster. Samples are buffered (not rendered one by one) and handed over in batches
// every LIVE_FLUSH_MS; when the stream cannot be used the mode says "polling" and the queries poll at
// the sampling interval instead (for good when the server says it has no stream: serverless mode). No React here: use-live-updates.ts wires it to the query cache.
import type { LiveEvent } from "@/lib/contract/system";
import { apiUrl } from "./api-client";
import { prepareLiveBatch } from "./live-reducer";
import {
  DEFAULT_SAMPLING_INTERVAL_MS,
  LIVE_BUFFER_CAP,
  LIVE_CLOSE_GRACE_MS,
  LIVE_FLUSH_MS,
  LIVE_MAX_ERRORS,
  LIVE_RETRY_MS,
  LIVE_STALE_AFTER_INTERVALS,
  type LiveMode,
} from "./query-config";

/** The parts of the browser a connection uses, replaceable in tests. */
export interface LiveEnvironment {
  EventSource: (new (url: string) => EventSourceLike) | undefined;
  now: () => number;
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** False when the browser knows it is offline. */
  isOnline: () => boolean;
  /** Calls back when the browser goes on- or offline; returns the unsubscribe. */
  onNetworkChange: (callback: () => void) => () => void;
}

export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

const CLOSED = 2;

export function browserLiveEnvironment(): LiveEnvironment {
  const hasWindow = typeof window !== "undefined";
  return {
    EventSource: hasWindow && typeof window.EventSource === "function" ? window.EventSource : undefined,
    now: () => Date.now(),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    isOnline: () => !hasWindow || typeof navigator === "undefined" || navigator.onLine !== false,
    onNetworkChange: (callback) => {
      if (!hasWindow) return () => {};
      window.addEventListener("online", callback);
      window.addEventListener("offline", callback);
      return () => {
        window.removeEventListener("online", callback);
        window.removeEventListener("offline", callback);
      };
    },
  };
}

/** A sample as pushed, checked enough that the reducer can trust its shape. */
export function parseLiveEvent(text: string, cluster: string): LiveEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const event = value as Partial<LiveEvent>;
  if (event.cluster !== cluster || typeof event.t !== "number" || !Number.isFinite(event.t)) return undefined;
  if (typeof event.id !== "number" || !Array.isArray(event.topics) || !Array.isArray(event.consumers)) return undefined;
  return event as LiveEvent;
}

export class LiveConnection {
  private mode: LiveMode = "connecting";
  private source: EventSourceLike | undefined;
  private buffer: LiveEvent[] = [];
  private lastMergedT = Number.NEGATIVE_INFINITY;
  private errors = 0;
  private lastSampleAt = 0;
  private users = 0;
  private flushTimer: unknown;
  private retryTimer: unknown;
  private closeTimer: unknown;
  private stopNetworkWatch: (() => void) | undefined;
  private readonly listeners = new Set<() => void>();
  private samplingMs = DEFAULT_SAMPLING_INTERVAL_MS;
  /** The server said it has no stream (serverless mode): poll for the life of this tab, never retry. */
  private pushUnavailable = false;

  constructor(
    readonly cluster: string,
    /** Receives each prepared batch (ordered, deduplicated, newer than the last). */
    private readonly sink: (events: LiveEvent[]) => void,
    private readonly env: LiveEnvironment = browserLiveEnvironment(),
  ) {}

  /** "offline" when the browser says so, whatever the stream's own state. */
  getMode = (): LiveMode => (this.env.isOnline() ? this.mode : "offline");

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setSamplingInterval(ms: number | undefined): void {
    if (ms && Number.isFinite(ms) && ms > 0) this.samplingMs = ms;
  }

  /** One more viewer; the returned function is its release. The stream opens with the first. */
  acquire(): () => void {
    this.users += 1;
    if (this.closeTimer !== undefined) {
      this.env.clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
    }
    if (this.users === 1 && this.flushTimer === undefined) this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users -= 1;
      if (this.users === 0) {
        // Navigating between two pages of the same cluster releases and re-acquires at once.
        this.closeTimer = this.env.setTimeout(() => {
          this.closeTimer = undefined;
          if (this.users === 0) this.stop();
        }, LIVE_CLOSE_GRACE_MS);
      }
    };
  }

  /** Samples waiting for the next flush (for tests and diagnostics). */
  get buffered(): number {
    return this.buffer.length;
  }

  private setMode(mode: LiveMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    for (const listener of this.listeners) listener();
  }

  private start(): void {
    this.flushTimer = this.env.setInterval(() => this.tick(), LIVE_FLUSH_MS);
    this.stopNetworkWatch = this.env.onNetworkChange(() => {
      for (const listener of this.listeners) listener();
      // Back online while waiting to retry: try the stream now rather than in LIVE_RETRY_MS.
      if (this.env.isOnline() && !this.source && this.retryTimer !== undefined) {
        this.env.clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
        this.open();
      }
    });
    this.open();
  }

  private stop(): void {
    this.tick();
    this.closeSource();
    if (this.flushTimer !== undefined) this.env.clearInterval(this.flushTimer);
    if (this.retryTimer !== undefined) this.env.clearTimeout(this.retryTimer);
    this.flushTimer = undefined;
    this.retryTimer = undefined;
    this.stopNetworkWatch?.();
    this.stopNetworkWatch = undefined;
    this.errors = 0;
    this.setMode("connecting");
  }

  private open(): void {
    const EventSourceClass = this.env.EventSource;
    if (this.pushUnavailable) {
      this.setMode("polling");
      return;
    }
    if (!EventSourceClass) {
      // No EventSource in this browser (or a proxy that strips it): polling is all there is.
      this.setMode("polling");
      return;
    }
    let source: EventSourceLike;
    try {
      source = new EventSourceClass(apiUrl("/live", { cluster: this.cluster }));
    } catch {
      this.fallBack();
      return;
    }
    this.source = source;
    source.addEventListener("sample", (message) => this.receive(message));
    // Serverless mode answers with this one event instead of a stream (app/api/v1/live/route.ts).
    source.addEventListener("polling", () => {
      if (this.source !== source) return;
      this.pushUnavailable = true;
      this.closeSource();
      this.setMode("polling");
    });
    source.onerror = () => {
      if (this.source !== source) return;
      this.errors += 1;
      // CLOSED: the server answered with something other than a stream (401, 404, 500); the
      // browser will not retry. Otherwise it retries by itself, until we decide it is hopeless.
      if (source.readyState === CLOSED || this.errors >= LIVE_MAX_ERRORS) this.fallBack();
    };
  }

  private closeSource(): void {
    if (!this.source) return;
    this.source.onerror = null;
    this.source.onopen = null;
    this.source.close();
    this.source = undefined;
  }

  private fallBack(): void {
    this.closeSource();
    this.setMode("polling");
    if (this.retryTimer !== undefined) this.env.clearTimeout(this.retryTimer);
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.users > 0 || this.closeTimer !== undefined) {
        this.errors = 0;
        this.open();
      }
    }, LIVE_RETRY_MS);
  }

  private receive(message: MessageEvent): void {
    const event = typeof message.data === "string" ? parseLiveEvent(message.data, this.cluster) : undefined;
    if (!event) return;
    this.errors = 0;
    this.lastSampleAt = this.env.now();
    this.buffer.push(event);
    // A throttled background tab flushes rarely: keep the newest samples only.
    if (this.buffer.length > LIVE_BUFFER_CAP) this.buffer.splice(0, this.buffer.length - LIVE_BUFFER_CAP);
    this.setMode("live");
  }

  private tick(): void {
    if (this.buffer.length > 0) {
      const batch = prepareLiveBatch(this.buffer, this.lastMergedT);
      this.buffer = [];
      if (batch.length > 0) {
        this.lastMergedT = batch[batch.length - 1].t;
        this.sink(batch);
      }
    }
    // Open but silent (cluster down, sampler stuck): let the queries poll until samples resume.
    if (this.mode === "live" && this.env.now() - this.lastSampleAt > this.samplingMs * LIVE_STALE_AFTER_INTERVALS) {
      this.setMode("polling");
    }
  }
}
