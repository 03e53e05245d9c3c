import { z } from "zod";
import { named, wire, isoTime } from "./schema-kit";
import { operation } from "./operation";

// Metrics sources: processing outcomes scraped from the services' Prometheus endpoints.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const TypeOutcome = named("TypeOutcome", wire({
  type: z.string().describe("The event type (the counter's `type` label)."),
  success: z.number().nullable().describe("Successes per second over the last minute; null before two scrapes."),
  failure: z.number().nullable().describe("Failures per second over the last minute."),
  failureRatio: z.number().min(0).max(1).nullable().describe("failure / (success + failure) over the last minute; null when nothing was processed in it."),
  successTotal: z.number().describe("The success counter at the last scrape."),
  failureTotal: z.number().describe("The failure counter at the last scrape."),
  otherTotals: z.record(z.string(), z.number()).describe("Statuses that are neither success nor failure, with their totals.").optional(),
  cluster: z.string().optional(),
  topic: z.string().describe("The topic the events come from.").optional(),
  topicFrom: z.enum(["config","convention"]).describe("`config`: the source's `topics` map; `convention`: a topic named after the type exists.").optional(),
  dlqTopics: z.array(z.string()).describe("Dead-letter topics of that topic, by their names.").optional(),
  spike: z.boolean().describe("Failures in the last minute at a ratio of at least 10 % and at least twice the rest of the hour's."),
}));
export type TypeOutcome = z.infer<typeof TypeOutcome>;

export const MetricsSourceSummary = named("MetricsSourceSummary", wire({
  id: z.string(),
  status: z.enum(["ok","stale","pending"]).describe("`stale`: the last scrape failed (or is overdue), `error` says why, the figures are older."),
  scrapedAt: isoTime.nullable().describe("The last successful scrape."),
  error: z.string().optional(),
  url: z.string().describe("The endpoint, credentials hidden."),
  counter: z.string(),
  intervalMs: z.number().int(),
  lastAttemptAt: isoTime.nullable(),
  tookMs: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  counterMissing: z.boolean().describe("The counter was not in the last exposition.").optional(),
  skipped: wire({
    missingLabels: z.number().int().optional(),
    notFinite: z.number().int().optional(),
    negative: z.number().int().optional(),
    overTypeLimit: z.number().int().optional(),
  }).describe("Samples of the counter left out of the last scrape.").optional(),
  byType: z.array(TypeOutcome),
}));
export type MetricsSourceSummary = z.infer<typeof MetricsSourceSummary>;

export const MetricsSourceDetail = named("MetricsSourceDetail", MetricsSourceSummary.extend(wire({
  history: z.array(wire({
    type: z.string(),
    points: z.array(wire({
      t: z.number().int().describe("Epoch ms."),
      success: z.number(),
      failure: z.number(),
      failureRatio: z.number().nullable(),
    })),
  })).describe("Per type, rates every 30 s over the last hour (in memory)."),
}).shape));
export type MetricsSourceDetail = z.infer<typeof MetricsSourceDetail>;

/** GET /api/v1/metrics-sources */
export const listMetricsSources = operation({
  method: "get",
  path: "/api/v1/metrics-sources",
  id: "listMetricsSources",
  summary: "Processing outcomes scraped from the services' Prometheus endpoints",
  description: "Per source (the config's `metrics`), per event type: success and failure rates, failure ratio, the topic the events come from and its DLQs. An unreachable endpoint is `stale` with the reason; the others are unaffected.",
  tag: "Processing",
  access: "viewer",
  responses: {
    "200": { description: "Every configured metrics source.", schema: wire({
      sources: z.array(MetricsSourceSummary),
    }) },
  },

});

/** GET /api/v1/metrics-sources/{source} */
export const getMetricsSource = operation({
  method: "get",
  path: "/api/v1/metrics-sources/{source}",
  id: "getMetricsSource",
  summary: "One metrics source, with an hour of rates per event type",
  tag: "Processing",
  access: "viewer",
  responses: {
    "200": { description: "The source.", schema: MetricsSourceDetail },
  },
  errors: ["NotFound"],
});

export const metricsSourcesOperations = [listMetricsSources, getMetricsSource];
