"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OutboxPoint } from "@/lib/outbox/types";

/** Backlog and stuck rows over the last hour (every sample), with the oldest unpublished age on its own axis. */
export function OutboxHistoryChart({ points }: { points: OutboxPoint[] }) {
  if (points.length < 2) return <p className="muted">History appears after two samples.</p>;
  const data = points.map((point) => ({ ...point, time: new Date(point.t).toLocaleTimeString() }));
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="outbox-history-chart">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="time" minTickGap={40} fontSize={11} />
          <YAxis yAxisId="rows" allowDecimals={false} fontSize={11} />
          <YAxis yAxisId="age" orientation="right" fontSize={11} unit=" s" />
          <Tooltip />
          <Legend />
          <Line yAxisId="rows" type="monotone" dataKey="backlog" name="Backlog" stroke="#3b82f6" dot={false} isAnimationActive={false} />
          <Line yAxisId="rows" type="monotone" dataKey="stuck" name="Stuck" stroke="#ef4444" dot={false} isAnimationActive={false} />
          <Line yAxisId="age" type="monotone" dataKey="oldestPendingAgeSeconds" name="Oldest age (s)" stroke="#f59e0b" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
