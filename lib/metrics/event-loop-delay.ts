import "server-only";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

// How long callbacks waited for the server's event loop: the direct measure of "nothing slow on the
// request path" (a sampling cycle or a big JSON body holding the loop shows here, whatever the
// network or the client's own machine add). Exported on /api/metrics since the previous scrape.

const globalState = globalThis as typeof globalThis & { __eventscopeLoopDelay?: IntervalHistogram };

function histogram(): IntervalHistogram {
  if (!globalState.__eventscopeLoopDelay) {
    const created = monitorEventLoopDelay({ resolution: 10 });
    created.enable();
    globalState.__eventscopeLoopDelay = created;
  }
  return globalState.__eventscopeLoopDelay;
}

/** Starts measuring (instrumentation.ts calls it at start-up, so the first scrape covers the start). */
export function watchEventLoopDelay(): void {
  histogram();
}

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Delay percentiles since the previous call (or the start), then starts a new window. */
export function takeEventLoopDelay(): LoopDelay {
  const h = histogram();
  const delay = { p50Ms: h.percentile(50) / 1e6, p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 };
  h.reset();
  return delay;
}
