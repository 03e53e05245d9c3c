import "server-only";
import v8 from "node:v8";

// How far V8 lets the old generation grow past what survived the last full collection before it
// collects again. Left to itself, on a machine with memory to spare, V8 grows it up to 4x: at
// 10,000 partitions the sampler's cycle leaves tens of megabytes of garbage, much of it promoted
// (a cycle spans several broker round trips, so its objects outlive two scavenges), and RSS swung
// between 400 and 700 MB (docs/benchmarks.md, issue 17). At 30 % it stays within a third of the
// live heap, for more frequent (incremental, mostly concurrent) marking. V8 reads the flag each time
// it sets the next limit, so setting it at start-up works for `npm start`, server.js and the demo
// alike. EVENTSCOPE_HEAP_GROWING_PERCENT overrides it; 0 leaves V8's own.
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

/** The percent to apply, or a message naming the bad variable. */
export function heapGrowingPercent(env: Record<string, string | undefined>): { percent: number } | { error: string } {
  const raw = env.EVENTSCOPE_HEAP_GROWING_PERCENT?.trim();
  if (raw === undefined || raw === "") return { percent: DEFAULT_HEAP_GROWING_PERCENT };
  if (!/^\d{1,4}$/.test(raw) || Number(raw) > 1000) {
    return { error: `EVENTSCOPE_HEAP_GROWING_PERCENT must be a whole number from 0 (V8's default) to 1000 (got "${raw}")` };
  }
  return { percent: Number(raw) };
}

/** Applies the heap growing percent; returns what was set (undefined: V8's default kept). */
export function tuneHeap(env: Record<string, string | undefined> = process.env): number | undefined {
  const chosen = heapGrowingPercent(env);
  if ("error" in chosen) throw new Error(chosen.error);
  if (chosen.percent === 0) return undefined;
  v8.setFlagsFromString(`--heap-growing-percent=${chosen.percent}`);
  return chosen.percent;
}
