import { apiRoute } from "@/lib/api/handler";
import { clusterStatus } from "@/lib/clusters/registry";
import { renderMetrics } from "@/lib/metrics/prometheus";
import { allSamplers } from "@/lib/metrics/samplers";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  await sampleAllOnRead(); // serverless mode only: there is no background sampler
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
  const body = renderMetrics(clusters);
  return new Response(body, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } });
});
