"use client";
import { useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { OutboxPoint } from "@/lib/outbox/types";
import type { ChartRow } from "@/lib/client/chart-data";
import { formatNumber } from "@/lib/client/format";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { ChartFrame } from "@/components/charts/chart-frame";
import { ChartTooltipContent, type TooltipSeries } from "@/components/charts/chart-tooltip";
import { AXIS_TICK, CHART_COLORS } from "@/components/charts/chart-theme";
import { timeAxisProps } from "@/components/charts/time-axis";
import { formatAgeSeconds, formatCount } from "./outbox-format";

// The console's chart frame, theme colours (light and dark) and time axis (the UTC/local switch),
// like the other charts: the first version drew literal colours and the browser's clock format.
const SERIES: TooltipSeries[] = [
  { key: "backlog", label: "backlog", color: CHART_COLORS.msgs, format: formatCount },
  { key: "stuck", label: "stuck", color: "var(--danger)", format: formatCount },
  { key: "oldestPendingAgeSeconds", label: "oldest unpublished", color: CHART_COLORS.group, format: formatAgeSeconds },
];

/** Backlog and stuck rows over the last hour (every sample), with the oldest unpublished age on its own axis. */
export function OutboxHistoryChart({ points, intervalMs, error }: { points: OutboxPoint[]; intervalMs?: number; error?: unknown }) {
  const rows = useMemo<ChartRow[]>(
    () => points.map((point) => ({ ts: Date.parse(point.t), backlog: point.backlog, stuck: point.stuck, oldestPendingAgeSeconds: point.oldestPendingAgeSeconds })),
    [points],
  );
  const zone = useTimeZone();
  const timeAxis = timeAxisProps(rows, 6, zone);
  const last = points[points.length - 1];
  return (
    <ChartFrame
      label="Outbox backlog, stuck rows and oldest unpublished age"
      height={200}
      state={rows.length >= 2 ? "ready" : "collecting"}
      error={error}
      samplingMs={intervalMs}
      legend={
        last ? (
          <>
            {SERIES.map((series) => (
              <span className="chart-key" key={series.key}>
                <span className="chart-swatch" style={{ background: series.color }} aria-hidden="true" />
                {series.label} {series.format(last[series.key as keyof OutboxPoint] as number | null)}
              </span>
            ))}
          </>
        ) : null
      }
    >
      {() => (
        <ComposedChart responsive style={{ width: "100%", height: 200 }} data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis {...timeAxis} tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART_COLORS.grid }} />
          <YAxis yAxisId="rows" allowDecimals={false} tickFormatter={(value: number) => formatNumber(value)} tick={AXIS_TICK} width={40} tickLine={false} axisLine={false} />
          <YAxis yAxisId="age" orientation="right" tickFormatter={(value: number) => formatAgeSeconds(value)} tick={AXIS_TICK} width={48} tickLine={false} axisLine={false} />
          <Tooltip isAnimationActive={false} content={(props) => <ChartTooltipContent active={props.active} payload={props.payload} label={props.label} series={SERIES} />} />
          <Line yAxisId="rows" type="monotone" dataKey="backlog" name="backlog" stroke={CHART_COLORS.msgs} strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line yAxisId="rows" type="monotone" dataKey="stuck" name="stuck" stroke="var(--danger)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line yAxisId="age" type="monotone" dataKey="oldestPendingAgeSeconds" name="oldest unpublished" stroke={CHART_COLORS.group} strokeDasharray="4 3" strokeWidth={1} dot={false} isAnimationActive={false} />
        </ComposedChart>
      )}
    </ChartFrame>
  );
}
