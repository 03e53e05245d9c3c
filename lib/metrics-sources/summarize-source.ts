// A source's sampler state -> the API's summary and detail. Pure (time and the clusters' topics are passed in).
import type { MetricsSourceConfig } from "./config-schema";
import { isFailureSpike, rateSeries, ratesOver, type OutcomePoint } from "./outcome-rates";
import type { ParsedOutcomes } from "./parse-outcomes";
import { displayUrl } from "./scrape-url";
import type { ScrapeAttempt } from "./source-sampler";
import { dlqTopicsOf, topicForType } from "./topic-for-type";
import type { MetricsSourceDetail, MetricsSourceSummary, TypeHistory, TypeOutcome } from "./types";

/** The headline rates and the spike test look at the last minute. */
export const RECENT_WINDOW_MS = 60_000;
/** The chart's step. */
export const HISTORY_STEP_MS = 30_000;

export interface SourceState {
  config: MetricsSourceConfig;
  counter: string;
  intervalMs: number;
  points: ReadonlyMap<string, readonly OutcomePoint[]>;
  lastAttempt?: ScrapeAttempt;
  lastSuccessAt?: number;
  lastParsed?: ParsedOutcomes;
}

/** Topic names per cluster id, as the clusters' samplers last saw them. */
export type KnownTopics = ReadonlyMap<string, readonly string[]>;

/** A scrape this much older than its interval means the scrapes stopped answering (a hung one is also cut by its timeout). */
const OVERDUE_INTERVALS = 3;

export function summarizeSource(state: SourceState, now: number, topics: KnownTopics): MetricsSourceSummary {
  const { config, lastAttempt, lastSuccessAt, lastParsed } = state;
  let status: MetricsSourceSummary["status"] = "pending";
  let error: string | undefined;
  if (lastAttempt && !lastAttempt.ok) {
    status = "stale";
    error = lastAttempt.error;
  } else if (lastSuccessAt !== undefined) {
    status = "ok";
    if (now - lastSuccessAt > OVERDUE_INTERVALS * state.intervalMs) {
      status = "stale";
      error = `no scrape answered for ${Math.round((now - lastSuccessAt) / 1000)} s`;
    }
  }
  const byType = [...state.points.keys()].sort().map((type) => typeOutcome(type, state, now, topics));
  return {
    id: config.id,
    status,
    scrapedAt: lastSuccessAt !== undefined ? new Date(lastSuccessAt).toISOString() : null,
    ...(error ? { error } : {}),
    url: displayUrl(config.url),
    counter: state.counter,
    intervalMs: state.intervalMs,
    lastAttemptAt: lastAttempt ? new Date(lastAttempt.at).toISOString() : null,
    tookMs: lastAttempt?.tookMs ?? null,
    bytes: lastAttempt?.bytes ?? null,
    ...(lastParsed && !lastParsed.found ? { counterMissing: true } : {}),
    ...(lastParsed && Object.values(lastParsed.skipped).some((count) => count > 0) ? { skipped: lastParsed.skipped } : {}),
    byType,
  };
}

function typeOutcome(type: string, state: SourceState, now: number, topics: KnownTopics): TypeOutcome {
  const points = state.points.get(type) ?? [];
  const last = points[points.length - 1];
  const recent = ratesOver(points, now - RECENT_WINDOW_MS, now);
  const other = state.lastParsed?.byType.get(type)?.other;
  return {
    type,
    success: recent.success,
    failure: recent.failure,
    failureRatio: recent.failureRatio,
    successTotal: last?.success ?? 0,
    failureTotal: last?.failure ?? 0,
    ...(other && Object.keys(other).length > 0 ? { otherTotals: other } : {}),
    ...placeOf(type, state.config, topics),
    spike: isFailureSpike(points, now, RECENT_WINDOW_MS),
  };
}

/** The type's topic: in the source's cluster, or the first cluster that has it. */
function placeOf(type: string, config: MetricsSourceConfig, topics: KnownTopics): Pick<TypeOutcome, "cluster" | "topic" | "topicFrom" | "dlqTopics"> {
  const clusters = config.cluster ? [config.cluster] : [...topics.keys()];
  for (const cluster of clusters) {
    const names = topics.get(cluster) ?? [];
    const found = topicForType(type, config.topics, names);
    if (found && (found.from === "config" ? config.cluster !== undefined || names.includes(found.topic) : true)) {
      return { cluster, topic: found.topic, topicFrom: found.from, dlqTopics: dlqTopicsOf(found.topic, names) };
    }
  }
  // Mapped in the config but no cluster seen with it (yet): the topic without a place.
  const mapped = config.topics?.[type];
  return mapped ? { ...(config.cluster ? { cluster: config.cluster } : {}), topic: mapped, topicFrom: "config", dlqTopics: [] } : {};
}

export function sourceDetail(state: SourceState, now: number, topics: KnownTopics): MetricsSourceDetail {
  const history: TypeHistory[] = [...state.points.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, points]) => ({ type, points: rateSeries(points, HISTORY_STEP_MS) }));
  return { ...summarizeSource(state, now, topics), history };
}
