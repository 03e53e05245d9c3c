// Colours and sizes shared by the charts. Every colour is a CSS variable of app/globals.css, where
// each is light-dark(<light>, <dark>): SVG presentation attributes and inline styles resolve var()
// against the page's theme, so the lines, grid, axes and swatches follow the light/dark switch
// (a literal colour chosen for one background vanishes on the other).

export const CHART_COLORS = {
  msgs: "var(--chart-msgs)",
  bytes: "var(--chart-bytes)",
  /** The group total, dashed over the per-partition lines. */
  group: "var(--chart-group)",
  grid: "var(--chart-grid)",
  axis: "var(--chart-axis)",
} as const;

/** How many distinguishable series colours the theme defines (--chart-series-1 .. -10). */
export const SERIES_COLOR_COUNT = 10;

/** Ten distinguishable series colours, for per-partition lines. */
export const SERIES_COLORS: readonly string[] = Array.from({ length: SERIES_COLOR_COUNT }, (_, index) => `var(--chart-series-${index + 1})`);

export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length]!;

export const AXIS_TICK = { fontSize: 11, fill: CHART_COLORS.axis } as const;
