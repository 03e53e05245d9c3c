// Prometheus exposition text -> per event type, the success and failure counter totals. Pure.
// The text format is parsed by parse-prometheus-text-format (a state machine ported from the official
// Python client: label escapes \\ \" \n, HELP/TYPE and free comments, optional timestamps), not by a
// regex of ours; what it leaves to us is turning its string values into numbers and the labels into
// outcomes.
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export const DEFAULT_COUNTER = "event_processed_total";

/** Status label values read as a success or a failure; any other value (duplicate, skipped) is neither. */
const SUCCESS = new Set(["success", "succeeded", "ok", "processed"]);
const FAILURE = new Set(["failure", "failed", "fail", "error", "errored"]);

export type OutcomeKind = "success" | "failure" | "other";

export function outcomeOf(status: string): OutcomeKind {
  const value = status.trim().toLowerCase();
  if (SUCCESS.has(value)) return "success";
  if (FAILURE.has(value)) return "failure";
  return "other";
}

/** A sample's value as the text format writes it: a float, or +Inf / -Inf / NaN (Number() reads none of those three). */
export function parseSampleValue(text: string | undefined): number {
  const value = (text ?? "").trim();
  if (/^[+]?inf$/i.test(value)) return Infinity;
  if (/^-inf$/i.test(value)) return -Infinity;
  if (/^nan$/i.test(value) || value === "") return NaN;
  return Number(value);
}

export interface TypeTotals {
  success: number;
  failure: number;
  /** Counts of statuses that are neither ("duplicate": 3). */
  other: Record<string, number>;
}

export interface ParsedOutcomes {
  byType: Map<string, TypeTotals>;
  /** Whether the counter was in the exposition at all (absent: misnamed, or nothing processed yet). */
  found: boolean;
  /** Samples of the counter left out, and why. */
  skipped: { missingLabels: number; notFinite: number; negative: number; overTypeLimit: number };
}

export interface ParseOptions {
  counter?: string;
  typeLabel?: string;
  statusLabel?: string;
  /** Types kept at most (a hostile endpoint could send a million label values). */
  maxTypes?: number;
}

/**
 * Only the lines of the counter's families go to the parser: a service's /metrics is mostly other
 * metrics, and the parser costs about 9 µs of CPU per line (bench/metrics-sources-parse.ts). Sound
 * because the text format keeps one sample per line (a line feed in a label value is escaped as \n)
 * and a sample line starts with its metric name, followed by `{`, a space or a tab.
 */
export function linesOf(text: string, names: ReadonlySet<string>): string {
  const kept: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) {
      const [, keyword, name] = line.split(/\s+/, 3);
      if ((keyword === "HELP" || keyword === "TYPE") && names.has(name)) kept.push(line);
      continue;
    }
    const end = line.search(/[{\s]/);
    if (names.has(end === -1 ? line : line.slice(0, end))) kept.push(line);
  }
  // A final line feed: the parser closes a family on reaching the last line, before reading that
  // line's sample, so an exposition without one (some exporters leave it out) would lose its last sample.
  return `${kept.join("\n")}\n`;
}

/**
 * Totals per type of the counter `event_processed_total{type, status}`. Series that differ only in
 * other labels (instance, pod) are added up. The family is found by its name, or by `<name>_total`
 * (OpenMetrics names the family without the suffix). Throws the parser's error on a malformed line.
 */
export function parseOutcomes(text: string, options: ParseOptions = {}): ParsedOutcomes {
  const counter = options.counter ?? DEFAULT_COUNTER;
  const typeLabel = options.typeLabel ?? "type";
  const statusLabel = options.statusLabel ?? "status";
  const maxTypes = options.maxTypes ?? 500;
  const names = new Set([counter, `${counter}_total`]);
  const result: ParsedOutcomes = { byType: new Map(), found: false, skipped: { missingLabels: 0, notFinite: 0, negative: 0, overTypeLimit: 0 } };
  for (const family of parsePrometheusTextFormat(linesOf(text, names))) {
    if (!names.has(family.name)) continue;
    result.found = true;
    for (const sample of family.metrics) {
      const type = sample.labels?.[typeLabel];
      const status = sample.labels?.[statusLabel];
      if (type === undefined || status === undefined) {
        result.skipped.missingLabels++;
        continue;
      }
      const value = parseSampleValue(sample.value);
      if (!Number.isFinite(value)) {
        result.skipped.notFinite++;
        continue;
      }
      if (value < 0) {
        result.skipped.negative++;
        continue;
      }
      let totals = result.byType.get(type);
      if (!totals) {
        if (result.byType.size >= maxTypes) {
          result.skipped.overTypeLimit++;
          continue;
        }
        totals = { success: 0, failure: 0, other: {} };
        result.byType.set(type, totals);
      }
      const kind = outcomeOf(status);
      if (kind === "other") totals.other[status] = (totals.other[status] ?? 0) + value;
      else totals[kind] += value;
    }
  }
  return result;
}
