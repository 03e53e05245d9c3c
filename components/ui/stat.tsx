import type { ReactNode } from "react";

/** One labelled figure in a row of figures (header summaries). */
export function Stat({ label, value, title, tone }: { label: string; value: ReactNode; title?: string; tone?: "danger" | "warn" }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ""}`} title={title}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
    </div>
  );
}

export function StatRow({ children }: { children: ReactNode }) {
  return <div className="stat-row">{children}</div>;
}
