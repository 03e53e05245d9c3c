"use client";
import type { ReactNode } from "react";
import { errorMessage } from "@/lib/client/api-client";
import { formatDurationMs } from "@/lib/client/format";
import { useHydrated } from "@/lib/client/use-hydrated";

export type ChartState = "loading" | "error" | "collecting" | "ready";

/**
 * The box every chart sits in, the same height in every state so the page does not jump: loading,
 * error (the API's message; polling keeps retrying), "collecting samples…" until a line can be
 * drawn (two points), then the chart. An error after data was shown keeps the chart with a note.
 */
export function ChartFrame({
  title,
  legend,
  height,
  state,
  error,
  samplingMs,
  label,
  footer,
  children,
}: {
  title?: ReactNode;
  /** Shown under the title: current values, units, a note such as "bytes/s unknown". */
  legend?: ReactNode;
  height: number;
  state: ChartState;
  error?: unknown;
  /** For "collecting samples… (one every 5 s)". */
  samplingMs?: number;
  /** Accessible name of the chart figure. */
  label: string;
  /** Under the chart, only once it is drawn (a series legend). */
  footer?: () => ReactNode;
  children: () => ReactNode;
}) {
  const hydrated = useHydrated();
  const shown: ChartState = hydrated ? state : "loading";
  return (
    <figure className="chart" aria-label={label}>
      {title || legend ? (
        <figcaption className="chart-head">
          {title ? <span className="chart-title">{title}</span> : null}
          {legend ? <span className="chart-legend">{legend}</span> : null}
        </figcaption>
      ) : null}
      <div className="chart-body" style={{ height }}>
        {shown === "loading" ? (
          <div className="chart-state" role="status">
            <span className="spinner" aria-hidden="true" />
            <span>Loading history…</span>
          </div>
        ) : shown === "error" ? (
          <div className="chart-state chart-state-error" role="alert">
            <span>History unavailable: {errorMessage(error)}</span>
          </div>
        ) : shown === "collecting" ? (
          <div className="chart-state" role="status">
            <span>Collecting samples…</span>
            {samplingMs ? <span className="muted">a point every {formatDurationMs(samplingMs)}; two are needed</span> : null}
          </div>
        ) : (
          children()
        )}
      </div>
      {shown === "ready" && footer ? footer() : null}
      {shown === "ready" && error ? (
        <div className="chart-note chart-note-error" role="status">
          Refresh failed ({errorMessage(error)}); showing the last data received.
        </div>
      ) : null}
    </figure>
  );
}

/** The state of a chart from its query and how many rows hold a value. */
export function chartStateOf(query: { data?: unknown; isError: boolean }, rowsWithValues: number): ChartState {
  if (query.data === undefined) return query.isError ? "error" : "loading";
  return rowsWithValues >= 2 ? "ready" : "collecting";
}
