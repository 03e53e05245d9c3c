"use client";
import type { TooltipContentProps } from "recharts";
import { useFormatTime } from "@/components/ui/time";

export interface TooltipSeries {
  key: string;
  label: string;
  color: string;
  format: (value: number | null) => string;
}

/**
 * Tooltip content: the sample time and every series' value, formatted, "unknown" where the value is
 * unknown (rather than leaving the series out, which reads as zero).
 */
export function ChartTooltipContent({
  active,
  payload,
  label,
  series,
}: Pick<TooltipContentProps, "active" | "payload" | "label"> & { series: readonly TooltipSeries[] }) {
  const formatTime = useFormatTime();
  if (!active || !payload || payload.length === 0) return null;
  const row = (payload[0]?.payload ?? {}) as Record<string, number | null>;
  const ts = typeof label === "number" ? label : row.ts;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-time">{formatTime(ts ?? null)}</div>
      <ul>
        {series.map((item) => {
          const value = row[item.key];
          return (
            <li key={item.key}>
              <span className="chart-swatch" style={{ background: item.color }} aria-hidden="true" />
              <span className="chart-tooltip-label bidi-isolate">{item.label}</span>
              <span className="chart-tooltip-value">{item.format(typeof value === "number" ? value : null)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
