import "server-only";
import { getHeapStatistics } from "node:v8";
import { clusterStatus } from "@/lib/clusters/registry";
import { takeEventLoopDelay } from "@/lib/metrics/event-loop-delay";
import { renderMetricsInSlices } from "@/lib/metrics/prometheus";
import { allSamplers, samplerWorkerHost } from "@/lib/metrics/samplers";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";

/** The Prometheus text of every cluster and of this server; serverless mode samples first. */
export async function presentPrometheusMetrics(): Promise<string> {
  await sampleAllOnRead();
  const heap = getHeapStatistics(); // the HTTP thread's own isolate
  const server = { rssBytes: process.memoryUsage.rss(), loopDelay: takeEventLoopDelay(), heaps: [{ thread: "http", usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size }] };
  const host = await samplerWorkerHost();
  if (host) {
    // The figures live in the sampler worker: it renders the text (200,000 lines at 60,000
    // group-partitions) off this thread; this thread adds what only it knows.
    const up: Record<string, boolean> = {};
    for (const sampler of allSamplers()) up[sampler.config.id] = (await clusterStatus(sampler.config)).status === "up";
    return host.metrics(up, server);
  }
  const clusters = await Promise.all(
    allSamplers().map(async (sampler) => ({
      id: sampler.config.id,
      kind: sampler.config.kind,
      figures: sampler.latest,
      up: (await clusterStatus(sampler.config)).status === "up",
      lastCycleMs: sampler.lastCycleMs,
      intervalMs: sampler.intervalMs,
    })),
  );
  return renderMetricsInSlices(clusters, server);
}
