import { apiRoute } from "@/lib/api/handler";
import { renderMetrics } from "@/lib/metrics/prometheus";
import { allSamplers } from "@/lib/metrics/samplers";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  await sampleAllOnRead(); // serverless mode only: there is no background sampler
  const body = renderMetrics(allSamplers().map((s) => ({ id: s.config.id, kind: s.config.kind, figures: s.latest })));
  return new Response(body, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } });
});
