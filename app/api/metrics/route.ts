import { apiRoute } from "@/lib/api/handler";
import { presentPrometheusMetrics } from "@/lib/presenters/metrics.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => textResponse(await presentPrometheusMetrics()));

const textResponse = (body: string) => new Response(body, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } });
