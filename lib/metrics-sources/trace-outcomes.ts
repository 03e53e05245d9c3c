// Which metrics figures belong beside an event's trace: those of the event types whose topic the
// event was found on (or, for a dead-lettered copy, came from). Pure.
import type { MetricsSourceSummary, TraceProcessingOutcome } from "./types";

export interface TopicPlace {
  cluster?: string;
  topic: string;
}

export function processingOutcomesFor(places: readonly TopicPlace[], sources: readonly MetricsSourceSummary[]): TraceProcessingOutcome[] {
  const outcomes: TraceProcessingOutcome[] = [];
  for (const source of sources) {
    for (const outcome of source.byType) {
      if (!outcome.topic) continue;
      const matches = places.some((place) => place.topic === outcome.topic && (!outcome.cluster || !place.cluster || outcome.cluster === place.cluster));
      if (!matches) continue;
      outcomes.push({
        source: source.id,
        type: outcome.type,
        ...(outcome.cluster ? { cluster: outcome.cluster } : {}),
        topic: outcome.topic,
        status: source.status,
        scrapedAt: source.scrapedAt,
        ...(source.error ? { error: source.error } : {}),
        success: outcome.success,
        failure: outcome.failure,
        failureRatio: outcome.failureRatio,
        successTotal: outcome.successTotal,
        failureTotal: outcome.failureTotal,
        spike: outcome.spike,
      });
    }
  }
  return outcomes;
}

/** The topics of a trace's hits: where the event was published, and where dead-lettered copies came from. */
export function placesOfHits(hits: readonly { where: string; cluster?: string; topic?: string; originalTopic?: string }[]): TopicPlace[] {
  const places: TopicPlace[] = [];
  for (const hit of hits) {
    if (hit.where === "topic" && hit.topic) places.push({ cluster: hit.cluster, topic: hit.topic });
    if (hit.where === "dlq" && hit.originalTopic) places.push({ cluster: hit.cluster, topic: hit.originalTopic });
  }
  return places;
}
