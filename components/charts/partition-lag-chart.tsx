"use client";
import { useMemo, useState } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ConsumerHistoryResponse } from "@/lib/contract/consumers";
import {
  countRowsWithValues,
  durationTicks,
  GROUP_SERIES_KEY,
  maxOfRows,
  pickPartitionSeries,
  pivotPartitionRows,
  thinRows,
} from "@/lib/client/chart-data";
import { formatDuration, formatInteger, formatNumber, MISSING } from "@/lib/client/format";
import { CHART_MAX_POINTS, LAG_CHART_MAX_SERIES } from "@/lib/client/query-config";
import { ChartFrame, chartStateOf } from "./chart-frame";
import { ChartTooltipContent, type TooltipSeries } from "./chart-tooltip";
import { AXIS_TICK, CHART_COLORS, seriesColor } from "./chart-theme";
import { timeAxisProps } from "./time-axis";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { withToggled } from "@/lib/client/toggle-set";

export type LagField = "lag" | "lagSeconds";

const FIELD = {
  lag: {
    title: "Lag (messages)",
    groupLabel: "group total",
    format: (value: number | null) => (value === null ? MISSING : formatInteger(value)),
    tick: (value: number) => formatNumber(value),
    width: 44,
  },
  lagSeconds: {
    title: "Lag (time behind)",
    groupLabel: "group (worst)",
    format: (value: number | null) => (value === null ? "unknown" : formatDuration(value)),
    tick: (value: number) => formatDuration(value),
    width: 60,
  },
} as const;

/**
 * One line per partition (the LAG_CHART_MAX_SERIES most behind), plus the group's own line when
 * there are several, with a legend that hides or shows a line on click. `field` picks lag in
 * messages or lag in seconds; both charts of a page pick the same partitions, so colours match.
 */
export function PartitionLagChart({
  query,
  field,
  samplingMs,
  isStream = false,
  height = 220,
}: {
  query: { data?: ConsumerHistoryResponse; isError: boolean; error: unknown };
  field: LagField;
  samplingMs?: number;
  isStream?: boolean;
  height?: number;
}) {
  const config = FIELD[field];
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const data = query.data;
  const picked = useMemo(
    () => pickPartitionSeries(data?.partitions ?? [], LAG_CHART_MAX_SERIES, { isStream }),
    [data, isStream],
  );
  const withGroup = (data?.partitions.length ?? 0) > 1;
  const rows = useMemo(
    () => (data ? pivotPartitionRows(data.partitions, picked.series, field, withGroup ? data.points : undefined) : []),
    [data, picked, field, withGroup],
  );
  const shownRows = useMemo(() => thinRows(rows, CHART_MAX_POINTS, "max"), [rows]);
  const series: TooltipSeries[] = [
    ...(withGroup ? [{ key: GROUP_SERIES_KEY, label: config.groupLabel, color: CHART_COLORS.group, format: config.format }] : []),
    ...picked.series.map((item, index) => ({ key: item.key, label: item.label, color: seriesColor(index), format: config.format })),
  ];
  const state = chartStateOf(query, countRowsWithValues(rows, series.map((item) => item.key)));
  const zone = useTimeZone();
  const timeAxis = timeAxisProps(shownRows, 5, zone);
  // Durations get ticks on round steps (1 m, 2 m...) rather than the axis' own thirds of the maximum.
  const ticks =
    field === "lagSeconds"
      ? durationTicks(maxOfRows(shownRows, series.filter((item) => !hidden.has(item.key)).map((item) => item.key)))
      : undefined;
  const toggle = (key: string) =>
    setHidden((current) => withToggled(current, key));

  return (
    <ChartFrame
      label={`${config.title} per ${isStream ? "stream" : "partition"}`}
      title={config.title}
      legend={
        picked.hidden > 0 ? (
          <span className="muted">
            {LAG_CHART_MAX_SERIES} most behind of {formatInteger(picked.series.length + picked.hidden)} partitions
          </span>
        ) : undefined
      }
      height={height}
      state={state}
      error={query.isError ? query.error : undefined}
      samplingMs={samplingMs}
      footer={() => (
        <ul className="chart-series-legend" aria-label="Series">
          {series.map((item) => (
            <li key={item.key}>
              <button
                type="button"
                className={`chart-series-toggle ${hidden.has(item.key) ? "chart-series-off" : ""}`}
                aria-pressed={!hidden.has(item.key)}
                onClick={() => toggle(item.key)}
                title={hidden.has(item.key) ? "Show this line" : "Hide this line"}
              >
                <span className="chart-swatch" style={{ background: item.color }} aria-hidden="true" />
                <span className="bidi-isolate">{item.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    >
      {() => (
        <LineChart
          responsive
          style={{ width: "100%", height }}
          data={shownRows}
          margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis
            {...timeAxis}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={{ stroke: CHART_COLORS.grid }}
          />
          <YAxis
            ticks={ticks}
            domain={ticks ? [0, ticks[ticks.length - 1]] : undefined}
            tickFormatter={config.tick}
            tick={AXIS_TICK}
            width={config.width}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          <Tooltip
            isAnimationActive={false}
            content={(props) => (
              <ChartTooltipContent
                active={props.active}
                payload={props.payload}
                label={props.label}
                series={series.filter((item) => !hidden.has(item.key))}
              />
            )}
          />
          {series.map((item) => (
            <Line
              key={item.key}
              type="monotone"
              dataKey={item.key}
              name={item.label}
              stroke={item.color}
              strokeWidth={item.key === GROUP_SERIES_KEY ? 2 : 1.5}
              strokeDasharray={item.key === GROUP_SERIES_KEY ? "5 3" : undefined}
              dot={false}
              hide={hidden.has(item.key)}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
