import { apiRoute } from "@/lib/api/handler";
import { getMetricsSource } from "@/lib/metrics-sources/registry";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getMetricsSource as getMetricsSourceOperation } from "@/lib/contract/metrics-sources";

export const dynamic = "force-dynamic";

/** One source: the summary of the list, and an hour of rates per event type. */
export const GET = apiRoute<{ source: string }>(async (_request, { source }): Promise<ResponseOf<typeof getMetricsSourceOperation>> => getMetricsSource(source));
