// The chart time windows an operator picks from, kept in the URL (`?window=1h`) so a link shows the
// same charts. Pure: parsing and labels only; the hook that reads the URL is use-time-window.ts.

export const TIME_WINDOW_PARAM = "window";

export const TIME_WINDOWS = [
  { id: "5m", label: "5 m", seconds: 5 * 60 },
  { id: "1h", label: "1 h", seconds: 60 * 60 },
  { id: "24h", label: "24 h", seconds: 24 * 60 * 60 },
  { id: "7d", label: "7 d", seconds: 7 * 24 * 60 * 60 },
] as const;

export type TimeWindowId = (typeof TIME_WINDOWS)[number]["id"];
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** What a page shows without `?window=`: the last hour is held in memory at full resolution. */
export const DEFAULT_TIME_WINDOW: TimeWindowId = "1h";

/** The window named by a search-param value; anything else (absent, "15m", "junk") is the default. */
export function parseTimeWindow(value: string | null | undefined): TimeWindow {
  const found = TIME_WINDOWS.find((window) => window.id === value?.trim());
  return found ?? TIME_WINDOWS.find((window) => window.id === DEFAULT_TIME_WINDOW)!;
}

/**
 * The search string with the window set, other params kept. The default window is left out so the
 * plain URL stays plain.
 */
export function searchWithTimeWindow(search: string, id: TimeWindowId): string {
  const params = new URLSearchParams(search);
  if (id === DEFAULT_TIME_WINDOW) params.delete(TIME_WINDOW_PARAM);
  else params.set(TIME_WINDOW_PARAM, id);
  const text = params.toString();
  return text ? `?${text}` : "";
}
