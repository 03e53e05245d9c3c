"use client";
import { useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { RateHistoryResponse } from "@/lib/contract/common";
import { countRowsWithValues, hasKnownValues, thinRows, toRateRows } from "@/lib/client/chart-data";
import { formatByteRateOrUnknown, formatBytes, formatMsgRate, formatNumber } from "@/lib/client/format";
import { CHART_MAX_POINTS } from "@/lib/client/query-config";
import { ChartFrame, chartStateOf } from "./chart-frame";
import { ChartTooltipContent, type TooltipSeries } from "./chart-tooltip";
import { AXIS_TICK, CHART_COLORS } from "./chart-theme";
import { timeAxisProps } from "./time-axis";
import { useTimeZone } from "@/lib/client/use-time-zone";

const SERIES: TooltipSeries[] = [
  { key: "msgsPerSec", label: "msgs/s", color: CHART_COLORS.msgs, format: formatMsgRate },
  { key: "bytesPerSec", label: "bytes/s", color: CHART_COLORS.bytes, format: formatByteRateOrUnknown },
];

/**
 * Messages per second (area, left axis) and, when the broker reports sizes, bytes per second (line,
 * right axis) over the chosen window. Where sizes are unknown (a Kafka broker without DescribeLogDirs
 * v2+, or no `Describe` on the cluster), bytes/s is said to be unknown, never drawn as 0.
 */
export function ThroughputChart({
  query,
  samplingMs,
  height = 180,
  compact = false,
  title = "Throughput",
  label,
}: {
  query: { data?: RateHistoryResponse; isError: boolean; error: unknown };
  samplingMs?: number;
  height?: number;
  /** Smaller axes and no right axis labels (overview cards). */
  compact?: boolean;
  title?: string;
  label: string;
}) {
  const rows = useMemo(() => toRateRows(query.data?.points ?? []), [query.data]);
  const shownRows = useMemo(() => thinRows(rows, CHART_MAX_POINTS, "mean"), [rows]);
  const bytesKnown = hasKnownValues(rows, "bytesPerSec");
  const latest = [...rows].reverse().find((row) => row.msgsPerSec !== null);
  const latestBytes = [...rows].reverse().find((row) => row.bytesPerSec !== null);
  const state = chartStateOf(query, countRowsWithValues(rows, ["msgsPerSec", "bytesPerSec"]));
  const series = bytesKnown ? SERIES : SERIES.slice(0, 1);
  // Ticks follow what is drawn: an hour's window holding five minutes of samples gets minute ticks.
  const zone = useTimeZone();
  const timeAxis = timeAxisProps(shownRows, compact ? 3 : 7, zone);

  return (
    <ChartFrame
      label={label}
      title={title}
      height={height}
      state={state}
      error={query.isError ? query.error : undefined}
      samplingMs={samplingMs}
      legend={
        <>
          <span className="chart-key">
            <span className="chart-swatch" style={{ background: CHART_COLORS.msgs }} aria-hidden="true" />
            {formatMsgRate(latest?.msgsPerSec ?? null)}
          </span>
          <span className="chart-key" title={bytesKnown ? undefined : "The broker does not report message sizes"}>
            {bytesKnown ? <span className="chart-swatch" style={{ background: CHART_COLORS.bytes }} aria-hidden="true" /> : null}
            {bytesKnown ? formatByteRateOrUnknown(latestBytes?.bytesPerSec ?? null) : "bytes/s unknown"}
          </span>
        </>
      }
    >
      {() => (
        <ComposedChart
          responsive
          style={{ width: "100%", height }}
          data={shownRows}
          margin={{ top: 6, right: compact ? 4 : 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis
            {...timeAxis}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={{ stroke: CHART_COLORS.grid }}
          />
          <YAxis
            yAxisId="msgs"
            tickFormatter={(value: number) => formatNumber(value)}
            tick={AXIS_TICK}
            width={compact ? 36 : 44}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          {bytesKnown ? (
            <YAxis
              yAxisId="bytes"
              orientation="right"
              tickFormatter={(value: number) => formatBytes(value)}
              tick={AXIS_TICK}
              width={compact ? 0 : 60}
              hide={compact}
              tickLine={false}
              axisLine={false}
            />
          ) : null}
          <Tooltip
            isAnimationActive={false}
            content={(props) => <ChartTooltipContent active={props.active} payload={props.payload} label={props.label} series={series} />}
          />
          <Area
            yAxisId="msgs"
            type="monotone"
            dataKey="msgsPerSec"
            name="msgs/s"
            stroke={CHART_COLORS.msgs}
            fill={CHART_COLORS.msgs}
            fillOpacity={0.12}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          {bytesKnown ? (
            <Line
              yAxisId="bytes"
              type="monotone"
              dataKey="bytesPerSec"
              name="bytes/s"
              stroke={CHART_COLORS.bytes}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
