"use client";
import { useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { TypeHistory } from "@/lib/metrics-sources/types";
import type { ChartRow } from "@/lib/client/chart-data";
import { formatEventRate, formatFailureRatio } from "@/lib/client/processing-format";
import { formatNumber } from "@/lib/client/format";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartTooltipContent, type TooltipSeries } from "@/components/charts/chart-tooltip";
import { AXIS_TICK, CHART_COLORS } from "@/components/charts/chart-theme";
import { timeAxisProps } from "@/components/charts/time-axis";

const SERIES: TooltipSeries[] = [
  { key: "success", label: "success/s", color: "var(--ok)", format: formatEventRate },
  { key: "failure", label: "failure/s", color: "var(--danger)", format: formatEventRate },
  { key: "failureRatio", label: "failure ratio", color: CHART_COLORS.axis, format: formatFailureRatio },
];

/** One event type's last hour: successes and failures per second (left axis) and the failure ratio (right, dashed). */
export function OutcomeChart({ history, intervalMs, error }: { history: TypeHistory; intervalMs: number; error?: unknown }) {
  const rows = useMemo<ChartRow[]>(
    () => history.points.map((point) => ({ ts: point.t, success: point.success, failure: point.failure, failureRatio: point.failureRatio })),
    [history],
  );
  const zone = useTimeZone();
  const timeAxis = timeAxisProps(rows, 6, zone);
  const last = history.points[history.points.length - 1];
  return (
    <ChartFrame
      label={`Processing outcomes of ${history.type}`}
      title={<span className="bidi-isolate">{history.type}</span>}
      height={170}
      state={rows.length >= 2 ? "ready" : "collecting"}
      error={error}
      samplingMs={intervalMs}
      legend={
        last ? (
          <>
            <span className="chart-key">
              <span className="chart-swatch" style={{ background: "var(--ok)" }} aria-hidden="true" />
              {formatEventRate(last.success)} ok
            </span>
            <span className="chart-key">
              <span className="chart-swatch" style={{ background: "var(--danger)" }} aria-hidden="true" />
              {formatEventRate(last.failure)} failed ({formatFailureRatio(last.failureRatio)})
            </span>
          </>
        ) : null
      }
    >
      {() => (
        <ComposedChart responsive style={{ width: "100%", height: 170 }} data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis {...timeAxis} tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART_COLORS.grid }} />
          <YAxis yAxisId="rate" tickFormatter={(value: number) => formatNumber(value)} tick={AXIS_TICK} width={40} tickLine={false} axisLine={false} />
          <YAxis
            yAxisId="ratio"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(value: number) => `${Math.round(value * 100)}%`}
            tick={AXIS_TICK}
            width={40}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip isAnimationActive={false} content={(props) => <ChartTooltipContent active={props.active} payload={props.payload} label={props.label} series={SERIES} />} />
          <Line yAxisId="rate" type="monotone" dataKey="success" name="success/s" stroke="var(--ok)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line yAxisId="rate" type="monotone" dataKey="failure" name="failure/s" stroke="var(--danger)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line
            yAxisId="ratio"
            type="monotone"
            dataKey="failureRatio"
            name="failure ratio"
            stroke={CHART_COLORS.axis}
            strokeDasharray="4 3"
            strokeWidth={1}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
