import { apiRoute } from "@/lib/api/handler";
import { getMetricsSource } from "@/lib/metrics-sources/registry";

export const dynamic = "force-dynamic";

/** One source: the summary of the list, and an hour of rates per event type. */
export const GET = apiRoute<{ source: string }>(async (_request, { source }) => getMetricsSource(source));
