// Colours and sizes shared by the charts (SVG attributes need literal colours, not CSS variables).

export const CHART_COLORS = {
  msgs: "#2456cf",
  bytes: "#18794e",
  group: "#18202b",
  grid: "#e6e9ee",
  axis: "#8a94a3",
} as const;

/** Ten distinguishable series colours (Tableau 10), for per-partition lines. */
export const SERIES_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;

export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length];

export const AXIS_TICK = { fontSize: 11, fill: CHART_COLORS.axis } as const;
