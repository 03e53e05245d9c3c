// The in-thread sampler against a real broker at scale, in a plain process: heap and RSS after N
// cycles (and optionally a heap snapshot), to see where the memory of the sampler goes (issue 17).
//   node --expose-gc --conditions=react-server --import tsx bench/tools/sampler-heap.ts
//   env: BENCH_KAFKA_BROKERS (127.0.0.1:19092), BENCH_CYCLES (12), BENCH_INTERVAL_MS (5000; cycles
//   are paced to it), BENCH_HEAP_SNAPSHOT=<file> (v8.writeHeapSnapshot after the last cycle)
import v8 from "node:v8";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { LiveBus } from "@/lib/metrics/live-bus";
import { deriveCycleInSlices, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { gcNow, loadAverage, mb, sleep } from "../lib/common";
import { benchBrokers } from "../lib/kafka-fixture";

const CYCLES = Number(process.env.BENCH_CYCLES ?? 12);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5_000);

/**
 * The event loop's longest stalls during a cycle (what a request waiting behind the cycle meets): a
 * 5 ms timer's lateness, largest first.
 */
function loopProbe() {
  const stalls: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    stalls.push(now - last - 5);
    last = now;
  }, 5);
  return {
    take(): string {
      const sorted = stalls.splice(0).sort((a, b) => b - a);
      return `loop stalls max ${sorted.slice(0, 3).map((value) => value.toFixed(0)).join(", ")} ms`;
    },
    stop: () => clearInterval(timer),
  };
}

async function main() {
  const config = { id: "bench-heap", name: "bench", kind: "kafka" as const, brokers: benchBrokers(), samplingIntervalMs: INTERVAL_MS };
  const connector = new KafkaConnector(config as never);
  gcNow();
  const base = process.memoryUsage();
  console.log(`baseline: rss ${mb(base.rss)} heapUsed ${mb(base.heapUsed)} load ${loadAverage()}`);
  const sampler = new ClusterSampler(config as never, new LiveBus(), {
    connector: () => connector as never,
    onSuccess: () => undefined,
    onFailure: (error) => console.error("cycle failed", error),
  });
  let split = "";
  const probe = loopProbe();
  const commits: CommitTracker = newCommitTracker();
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const started = performance.now();
    let figures;
    if (process.env.BENCH_SPLIT === "1") {
      // The snapshot (broker reads and decoding) and the derivation, timed apart (CPU of this thread).
      const cpu0 = process.cpuUsage();
      const snapshot = await connector.snapshot();
      const cpu1 = process.cpuUsage(cpu0);
      const heap1 = process.memoryUsage().heapUsed;
      figures = await deriveCycleInSlices(sampler.book, snapshot, commits, { intervalMs: INTERVAL_MS });
      const cpu2 = process.cpuUsage(cpu0);
      split = `; snapshot ${((cpu1.user + cpu1.system) / 1000).toFixed(0)} ms CPU, derive ${((cpu2.user + cpu2.system - cpu1.user - cpu1.system) / 1000).toFixed(0)} ms CPU (heap +${mb(process.memoryUsage().heapUsed - heap1)})`;
    } else {
      figures = await sampler.sampleOnce();
    }
    const wall = performance.now() - started;
    const cpu = process.cpuUsage();
    const usage = process.memoryUsage();
    console.log(
      `cycle ${cycle}: ${wall.toFixed(0)} ms wall; topics ${figures?.topics.size} groups ${figures?.groups.size}; rss ${mb(usage.rss)} heapUsed ${mb(usage.heapUsed)} heapTotal ${mb(usage.heapTotal)} arrayBuffers ${mb(usage.arrayBuffers)}; cpu total ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms${split}; ${probe.take()}; load ${loadAverage()}`,
    );
    await sleep(Math.max(0, INTERVAL_MS - wall));
  }
  probe.stop();
  gcNow();
  await sleep(1000);
  const after = process.memoryUsage();
  console.log(`after GC: rss ${mb(after.rss)} heapUsed ${mb(after.heapUsed)} heapTotal ${mb(after.heapTotal)} arrayBuffers ${mb(after.arrayBuffers)}; book ${mb(sampler.book.storageBytes)} (${sampler.book.size} series)`);
  const spaces = v8.getHeapSpaceStatistics().map((s) => `${s.space_name} ${mb(s.space_used_size)}`).join(", ");
  console.log(`heap spaces: ${spaces}`);
  if (process.env.BENCH_HEAP_SNAPSHOT) console.log(`heap snapshot: ${v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT)}`);
  sampler.stop();
  await connector.close?.();
  process.exit(0);
}

void main();
