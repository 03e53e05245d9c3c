import "server-only";
// One per metrics source, whatever the number of viewers: scrapes the endpoint every interval
// (the clusters' sampling interval by default), keeps an hour of totals per event type in memory,
// and never lets one source's failure touch another's (each has its own timer and timeout).
// With a history store (the registry passes the database's), a scrape a minute is stored and the
// first scrape reads the stored last hour back first: the history survives a restart.
import type { MetricsSourceConfig } from "./config-schema";
import { DEFAULT_COUNTER, parseOutcomes, type ParsedOutcomes } from "./parse-outcomes";
import type { OutcomePoint } from "./outcome-rates";
import type { OutcomeHistoryStore } from "./outcome-history";
import { DEFAULT_SCRAPE_TIMEOUT_MS, scrapeExposition } from "./scrape";

export const DEFAULT_SOURCE_INTERVAL_MS = 5_000;
const HISTORY_MS = 60 * 60 * 1000;
const MINUTE = 60_000;

export interface ScrapeAttempt {
  at: number;
  ok: boolean;
  error?: string;
  tookMs: number;
  bytes?: number;
}

export class MetricsSourceSampler {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Totals per type, oldest first, the last hour. */
  readonly points = new Map<string, OutcomePoint[]>();
  lastAttempt: ScrapeAttempt | undefined;
  lastSuccessAt: number | undefined;
  lastParsed: ParsedOutcomes | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;
  private restored = false;
  private savedMinute = -1;
  /** Why the stored history could not be read or written, last time it failed (logged once per change). */
  historyError: string | undefined;

  constructor(
    readonly config: MetricsSourceConfig,
    private readonly history?: OutcomeHistoryStore,
  ) {
    this.intervalMs = config.samplingIntervalMs ?? DEFAULT_SOURCE_INTERVAL_MS;
    this.timeoutMs = Math.min(config.timeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS, this.intervalMs);
  }

  get counter(): string {
    return this.config.counter ?? DEFAULT_COUNTER;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** The scrape under way (or a new one): sampling on read, and tests. */
  scrapeOnce(now: () => number = Date.now): Promise<void> {
    this.inFlight ??= this.restore(now)
      .then(() => this.scrape(now))
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    const started = Date.now();
    await this.scrapeOnce();
    if (!this.running) return;
    // A slow scrape delays the next instead of overlapping it.
    this.timer = setTimeout(() => void this.loop(), Math.max(0, this.intervalMs - (Date.now() - started)));
    this.timer.unref?.();
  }

  private async scrape(now: () => number): Promise<void> {
    const result = await scrapeExposition(this.config.url, { timeoutMs: this.timeoutMs });
    const at = now();
    if (!result.ok) {
      this.lastAttempt = { at, ok: false, error: result.error, tookMs: result.tookMs };
      return;
    }
    let parsed: ParsedOutcomes;
    try {
      parsed = parseOutcomes(result.text, { counter: this.config.counter, typeLabel: this.config.typeLabel, statusLabel: this.config.statusLabel });
    } catch (error) {
      // The parser names the bad line; cut it so a huge line does not become a huge status.
      const message = error instanceof Error ? error.message : String(error);
      this.lastAttempt = { at, ok: false, error: `not the Prometheus text format: ${message.slice(0, 200)}`, tookMs: result.tookMs, bytes: result.bytes };
      return;
    }
    this.record(at, parsed);
    this.lastParsed = parsed;
    this.lastSuccessAt = at;
    this.lastAttempt = { at, ok: true, tookMs: result.tookMs, bytes: result.bytes };
    await this.save(at, parsed);
  }

  /** Once, before the first scrape: the stored points of the last hour, before anything in memory. */
  private async restore(now: () => number): Promise<void> {
    if (this.restored || !this.history) return;
    this.restored = true;
    let stored: Map<string, OutcomePoint[]>;
    try {
      stored = await this.history.load(this.config.id, now() - HISTORY_MS);
    } catch (error) {
      this.noteHistoryError("reading", error);
      return;
    }
    for (const [type, points] of stored) {
      const series = this.points.get(type) ?? [];
      const first = series[0]?.t ?? Infinity;
      this.points.set(type, [...points.filter((point) => point.t < first), ...series]);
    }
  }

  /** The first successful scrape of each minute goes to the store; a database error never stops the scrapes. */
  private async save(at: number, parsed: ParsedOutcomes): Promise<void> {
    const minute = Math.floor(at / MINUTE);
    if (!this.history || minute <= this.savedMinute) return;
    this.savedMinute = minute;
    try {
      await this.history.save(this.config.id, at, parsed.byType);
      this.historyError = undefined;
    } catch (error) {
      this.noteHistoryError("storing", error);
    }
  }

  private noteHistoryError(doing: string, error: unknown): void {
    const message = `${doing} the history of metrics source "${this.config.id}": ${error instanceof Error ? error.message : String(error)}`;
    if (message !== this.historyError) console.error(`[metrics-sources] ${message}`);
    this.historyError = message;
  }

  private record(at: number, parsed: ParsedOutcomes): void {
    const oldest = at - HISTORY_MS - this.intervalMs;
    for (const [type, totals] of parsed.byType) {
      let series = this.points.get(type);
      if (!series) this.points.set(type, (series = []));
      series.push({ t: at, success: totals.success, failure: totals.failure });
    }
    for (const [type, series] of this.points) {
      let drop = 0;
      while (drop < series.length && series[drop].t < oldest) drop++;
      if (drop > 0) series.splice(0, drop);
      if (series.length === 0) this.points.delete(type);
    }
  }
}
