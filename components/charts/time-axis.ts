import type { ChartRow } from "@/lib/client/chart-data";
import { timeTicks } from "@/lib/client/chart-data";
import { formatAxisTime, type TimeZoneChoice } from "@/lib/client/format";

/**
 * XAxis settings for rows keyed by `ts`: the data's own extent as domain, ticks on round times in
 * the operator's zone (at most `count`), labels as precise as the tick spacing needs (seconds only
 * under a minute).
 */
export function timeAxisProps(rows: readonly ChartRow[], count: number, zone: TimeZoneChoice = "utc") {
  const min = rows.length > 0 ? rows[0].ts : Number.NaN;
  const max = rows.length > 0 ? rows[rows.length - 1].ts : Number.NaN;
  const offsetMinutes = zone === "local" && Number.isFinite(min) ? -new Date(min).getTimezoneOffset() : 0;
  const { ticks, stepMs } = timeTicks(min, max, count, offsetMinutes);
  const spanSeconds = Number.isFinite(min) ? (max - min) / 1000 : 0;
  return {
    dataKey: "ts",
    type: "number" as const,
    domain: [min, max] as [number, number],
    ticks,
    interval: 0 as const,
    tickFormatter: (value: number) => formatAxisTime(value, stepMs / 1000, spanSeconds, zone),
  };
}
