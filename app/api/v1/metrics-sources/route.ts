import { apiRoute } from "@/lib/api/handler";
import { listMetricsSources } from "@/lib/metrics-sources/registry";
import type { MetricsSourcesResponse } from "@/lib/metrics-sources/types";

export const dynamic = "force-dynamic";

/** Every configured metrics source: per event type success/failure rates and failure ratio; an unreachable one is stale with the reason. */
export const GET = apiRoute(async (): Promise<MetricsSourcesResponse> => ({ sources: await listMetricsSources() }));
