// Benchmark (b): console server memory with one hour of history at 10,000 partitions and 1,000 groups.
// No broker: a ClusterSampler (5 s interval, so its SeriesBook spans 721 samples) is fed synthetic
// snapshots of 1,000 topics x 10 partitions and 1,000 groups x 10 partitions for 720 cycles (1 h),
// exactly as the sampler consumes KafkaConnector.snapshot(). The snapshots are stamped 5 s apart but
// fed back to back, so the hour of history fills in minutes: the rings hold the same data as after a
// real hour. The LiveBus it publishes to keeps its replay buffer, as in the server. RSS is read after
// a forced GC (node --expose-gc).
// Target: under 300 MB RSS.
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { PARTITIONS_PER_TOPIC, SyntheticCluster } from "./lib/synthetic";
import { gcNow, int, loadAverage, mb, median, ms, printHeader, printResult, sleep, table } from "./lib/common";

const TOPICS = Number(process.env.BENCH_MEMORY_TOPICS ?? 1_000);
const GROUPS = Number(process.env.BENCH_MEMORY_GROUPS ?? 1_000);
const CYCLES = Number(process.env.BENCH_MEMORY_CYCLES ?? 720);
const INTERVAL_MS = 5_000;
/** Pause at each checkpoint, as the rest of a real interval after a cycle of ~0.1-0.5 s. */
const IDLE_MS = Number(process.env.BENCH_MEMORY_IDLE_MS ?? 5_000);
const SETTLE_MS = 1_000;
/**
 * 0 (default): cycles back to back, the hour fills in minutes. BENCH_MEMORY_PACE_MS=5000: one cycle
 * every 5 s as the server runs them, so 720 cycles take a real hour (the garbage collector then sees
 * the idle time it gets in production).
 */
const PACE_MS = Number(process.env.BENCH_MEMORY_PACE_MS ?? 0);
const CHECKPOINTS = new Set([1, 12, 60, 180, 360, 540, CYCLES].filter((cycle) => cycle <= CYCLES));

async function main() {
  printHeader(
    `memory with 1 h of history (${int(TOPICS * PARTITIONS_PER_TOPIC)} partitions, ${int(GROUPS)} groups x ${PARTITIONS_PER_TOPIC}, ${CYCLES} cycles at 5 s, ${PACE_MS > 0 ? `paced: one every ${PACE_MS} ms` : "back to back"})`,
  );
  if (!(globalThis as { gc?: unknown }).gc) console.log("note: run with node --expose-gc (npm run bench does) for after-GC figures");
  const cluster = new SyntheticCluster(TOPICS, GROUPS, INTERVAL_MS);
  let pending: ClusterSnapshot | undefined;
  const sampler = new ClusterSampler({ id: "bench-memory", name: "bench", kind: "kafka", brokers: ["127.0.0.1:1"] }, new LiveBus(), {
    connector: () => ({ snapshot: async () => pending! }) as never,
    onSuccess: () => undefined,
    onFailure: (error) => {
      throw error;
    },
  });

  gcNow();
  const baseline = process.memoryUsage();
  console.log(`baseline after imports + GC: rss ${mb(baseline.rss)}, heap ${mb(baseline.heapUsed)}, arrayBuffers ${mb(baseline.arrayBuffers)}`);
  console.log(`SeriesBook capacity: ${sampler.book.capacity} samples per series\n`);

  const rows: (string | number)[][] = [];
  const checkpoints: unknown[] = [];
  let window: number[] = [];
  let peakRss = 0;
  const started = performance.now();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    pending = cluster.next(); // built outside the timed part: the connector's work, not the sampler's
    const t0 = performance.now();
    const figures = await sampler.sampleOnce();
    window.push(performance.now() - t0);
    if (!figures) throw new Error("cycle failed");
    pending = undefined;
    if (cycle % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (PACE_MS > 0 && !CHECKPOINTS.has(cycle)) await sleep(Math.max(0, PACE_MS - (performance.now() - t0)));
    if (CHECKPOINTS.has(cycle)) {
      const beforeGc = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, beforeGc);
      // As between two real cycles: the process idles for the rest of the interval, no forced GC.
      await sleep(IDLE_MS);
      const idle = process.memoryUsage().rss;
      gcNow();
      // V8 hands freed pages back to the OS from a background thread: read RSS once it has.
      await sleep(SETTLE_MS);
      const usage = process.memoryUsage();
      const cycleMs = median(window);
      rows.push([
        cycle,
        `${((cycle * INTERVAL_MS) / 60_000).toFixed(0)} min`,
        int(sampler.book.size),
        mb(sampler.book.storageBytes),
        mb(idle),
        mb(usage.rss),
        mb(usage.heapUsed),
        mb(usage.heapTotal),
        mb(usage.arrayBuffers),
        mb(beforeGc),
        ms(cycleMs),
        "< 300 MB",
      ]);
      checkpoints.push({ cycle, series: sampler.book.size, bookBytes: sampler.book.storageBytes, rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers, rssBeforeGc: beforeGc, rssIdle: idle, cycleMedianMs: cycleMs, windowCycles: window.length });
      console.log(
        `cycle ${cycle}: rss after GC ${mb(usage.rss)} (right after the cycle ${mb(beforeGc)}, after ${IDLE_MS / 1000} s idle ${mb(idle)}), heap ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}, arrayBuffers ${mb(usage.arrayBuffers)}, ${int(sampler.book.size)} series; sampleOnce median ${ms(cycleMs)} over the last ${window.length} cycles; load ${loadAverage()}`,
      );
      window = [];
    }
  }
  const seriesBytes = sampler.book.storageBytes;
  console.log(`\nran ${CYCLES} cycles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`SeriesBook payload: ${int(sampler.book.size)} series, ${mb(seriesBytes)} of samples (per-partition series compact: 5 min in full, then 1 per minute)\n`);
  console.log(
    table(["cycle", "history", "series", "book samples", `RSS after ${IDLE_MS / 1000} s idle`, "RSS after GC", "heap used", "heap total", "arrayBuffers", "RSS right after the cycle", "sampleOnce median (window)", "target"], rows),
  );
  console.log(`\npeak RSS seen (sampled every 20 cycles and at checkpoints): ${mb(peakRss)}`);
  printResult("memory", { topics: TOPICS, partitionsPerTopic: PARTITIONS_PER_TOPIC, groups: GROUPS, cycles: CYCLES, baseline, seriesBytes, peakRss, checkpoints });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
