// Shapes of GET /api/v1/metrics-sources and /api/v1/metrics-sources/{source}, shared by the server
// and the browser: the contract's (lib/contract/metrics-sources.ts), so the presenters and the pages
// cannot drift from openapi.json. Types only.
import type { MetricsSourceDetail, MetricsSourceSummary, TypeOutcome, listMetricsSources } from "@/lib/contract/metrics-sources";
import type { TraceResult } from "@/lib/contract/idempotency";
import type { ResponseOf } from "@/lib/contract/operation";

export type { MetricsSourceDetail, MetricsSourceSummary, TypeOutcome };
export type MetricsSourcesResponse = ResponseOf<typeof listMetricsSources>;
export type TypeHistory = MetricsSourceDetail["history"][number];
/** A metrics source's figures for the type of an event the trace found (GET /api/v1/trace's `processing`). */
export type TraceProcessingOutcome = NonNullable<TraceResult["processing"]>[number];

/** ok: the last scrape worked; stale: it failed (or is overdue) and the figures are older, `error` says why; pending: no scrape finished yet. */
export type MetricsSourceStatus = MetricsSourceSummary["status"];
