// The `metrics` part of eventscope.config.json (API.md "Additions (2026-12-06)"):
// [{"id": "inventory", "url": "http://127.0.0.1:9464/metrics", "counter": "event_processed_total"}].
import { z } from "zod";
import { scrapeUrlProblem } from "./scrape-url";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, '.', '_' or '-'");

// Prometheus metric and label names.
const metricName = z.string().max(200).regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "a Prometheus metric name");
const labelName = z.string().max(200).regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a Prometheus label name");

export const metricsSourceSchema = z.object({
  id,
  url: z.string().superRefine((url, ctx) => {
    const problem = scrapeUrlProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: `metrics URL ${problem}` });
  }),
  /** The counter with one series per event type and status; default event_processed_total. */
  counter: metricName.optional(),
  typeLabel: labelName.optional(),
  statusLabel: labelName.optional(),
  /** The cluster whose topics the events come from (to find a type's topic and its DLQ); default: every cluster. */
  cluster: id.optional(),
  /** Event type -> topic, where the name of the topic does not follow from the type. */
  topics: z.record(z.string().min(1).max(500), z.string().min(1).max(500)).optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).optional(),
  /** A scrape that takes longer is abandoned (the source goes stale); default 5 s, at most the interval. */
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
});

export type MetricsSourceConfig = z.infer<typeof metricsSourceSchema>;

/** Adds an issue for every repeated id (the config's superRefine calls it). */
export function checkMetricsSourceIds(sources: readonly MetricsSourceConfig[] | undefined, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  (sources ?? []).forEach((source, index) => {
    if (seen.has(source.id)) ctx.addIssue({ code: "custom", path: ["metrics", index, "id"], message: `duplicate metrics source id "${source.id}"` });
    seen.add(source.id);
  });
}
