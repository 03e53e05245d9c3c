// Shapes of GET /api/v1/metrics-sources and /api/v1/metrics-sources/{source}, shared by the server
// and the browser. Plain types only.

/** ok: the last scrape worked; stale: it failed (or is overdue) and the figures are older, `error` says why; pending: no scrape finished yet. */
export type MetricsSourceStatus = "ok" | "stale" | "pending";

export interface TypeOutcome {
  type: string;
  /** Successes and failures per second over the last minute (null: fewer than two scrapes yet). */
  success: number | null;
  failure: number | null;
  /** failure / (success + failure) over the last minute; null when no event was processed in it. */
  failureRatio: number | null;
  /** The counters' totals at the last scrape (since the service started). */
  successTotal: number;
  failureTotal: number;
  /** Statuses that are neither success nor failure, with their totals ("duplicate": 12). */
  otherTotals?: Record<string, number>;
  /** The topic the events come from, and how it was found. */
  cluster?: string;
  topic?: string;
  topicFrom?: "config" | "convention";
  /** Dead-letter topics of that topic (by their names), where failed events may be. */
  dlqTopics?: string[];
  /** Failures in the last minute at a ratio >= 10 % and at least twice the rest of the hour's. */
  spike: boolean;
}

export interface MetricsSourceSummary {
  id: string;
  status: MetricsSourceStatus;
  /** Time of the last successful scrape (ISO), null before the first. */
  scrapedAt: string | null;
  /** Why the source is stale. */
  error?: string;
  /** The endpoint, credentials hidden. */
  url: string;
  counter: string;
  intervalMs: number;
  /** The last scrape: when it was tried, how long it took, and how big the answer was. */
  lastAttemptAt: string | null;
  tookMs: number | null;
  bytes: number | null;
  /** The counter was not in the last exposition (misnamed, or the service processed nothing yet). */
  counterMissing?: boolean;
  /** Samples left out of the last scrape: without the type/status labels, NaN/Inf, negative, past the type limit. */
  skipped?: { missingLabels: number; notFinite: number; negative: number; overTypeLimit: number };
  byType: TypeOutcome[];
}

export interface MetricsSourcesResponse {
  sources: MetricsSourceSummary[];
}

export interface TypeHistory {
  type: string;
  /** One point a minute (rates over that minute), the last hour. */
  points: { t: number; success: number; failure: number; failureRatio: number | null }[];
}

export interface MetricsSourceDetail extends MetricsSourceSummary {
  history: TypeHistory[];
}

/**
 * The processing outcome beside an event's trace: the figures of the event types whose topic the
 * event was found on. Aggregate: the counters count every event of the type, never one event.
 */
export interface TraceProcessingOutcome {
  source: string;
  type: string;
  cluster?: string;
  topic: string;
  status: MetricsSourceStatus;
  scrapedAt: string | null;
  error?: string;
  success: number | null;
  failure: number | null;
  failureRatio: number | null;
  successTotal: number;
  failureTotal: number;
  spike: boolean;
}
