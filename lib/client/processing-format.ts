// Words and links of the processing (metrics sources) pages. Pure.
import type { MetricsSourceSummary, TypeOutcome } from "@/lib/metrics-sources/types";
import { clusterHref } from "./cluster-labels";
import { dlqHref } from "./dlq-filters";
import { MISSING, formatNumber } from "./format";

export const processingHref = {
  list: () => "/processing",
  source: (id: string) => `/processing/${encodeURIComponent(id)}`,
};

/** 0.0912 -> "9.1 %"; null (nothing processed in the window) -> "—". */
export function formatFailureRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
  const percent = ratio * 100;
  if (percent > 0 && percent < 0.1) return "< 0.1 %";
  return `${percent >= 10 || Number.isInteger(percent) ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

/** Events per second: 0.2 -> "0.2/s", null (one scrape so far) -> "—". */
export function formatEventRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return MISSING;
  if (rate > 0 && rate < 0.05) return "< 0.1/s";
  return `${formatNumber(rate)}/s`;
}

/** The type's topic page, when the cluster is known. */
export function topicLinkOf(outcome: TypeOutcome): { label: string; href?: string; title: string } | null {
  if (!outcome.topic) return null;
  const title =
    outcome.topicFrom === "config"
      ? "The source's topics map names this topic"
      : "A topic of the cluster named after the event type (set the source's topics map to pin another)";
  return { label: outcome.topic, href: outcome.cluster ? clusterHref.topic(outcome.cluster, outcome.topic) : undefined, title };
}

/** The DLQs failed events of this type may be in: each DLQ topic, else the cluster's DLQ list. */
export function dlqLinksOf(outcome: TypeOutcome): { label: string; href: string }[] {
  if (!outcome.cluster) return [];
  if (outcome.dlqTopics && outcome.dlqTopics.length > 0) {
    return outcome.dlqTopics.map((topic) => ({ label: topic, href: dlqHref.detail(outcome.cluster!, topic) }));
  }
  return outcome.topic ? [{ label: "DLQs of the cluster", href: dlqHref.list(outcome.cluster) }] : [];
}

/** One line for a source's figures in the list: the worst ratio and the sum of rates. */
export function sourceTotals(source: Pick<MetricsSourceSummary, "byType">): { failurePerSec: number | null; worst: TypeOutcome | null; spikes: number } {
  let failurePerSec: number | null = null;
  let worst: TypeOutcome | null = null;
  for (const outcome of source.byType) {
    if (outcome.failure !== null) failurePerSec = (failurePerSec ?? 0) + outcome.failure;
    if (outcome.failureRatio !== null && (worst === null || (worst.failureRatio ?? -1) < outcome.failureRatio)) worst = outcome;
  }
  return { failurePerSec, worst, spikes: source.byType.filter((outcome) => outcome.spike).length };
}

/** The status with its reason, for a badge's title. */
export function sourceStatusTitle(source: Pick<MetricsSourceSummary, "status" | "error" | "scrapedAt">): string {
  if (source.status === "pending") return "Waiting for the first scrape";
  if (source.status === "stale") return `Stale: ${source.error ?? "the last scrape failed"}${source.scrapedAt ? ` (figures from ${source.scrapedAt})` : " (never scraped)"}`;
  return "The last scrape answered";
}
