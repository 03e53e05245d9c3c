"use client";
import { useCallback } from "react";
import { useSearchParams } from "next/navigation";
import { parseTimeWindow, searchWithTimeWindow, TIME_WINDOW_PARAM, type TimeWindow, type TimeWindowId } from "./time-window";

/**
 * The chart window of the page, from `?window=`, and a setter that rewrites the URL in place (no
 * navigation, no server round trip: Next.js syncs useSearchParams with history.replaceState).
 * Pages prerendered statically must render the caller inside <Suspense>.
 */
export function useTimeWindow(): [TimeWindow, (id: TimeWindowId) => void] {
  const params = useSearchParams();
  const window = parseTimeWindow(params?.get(TIME_WINDOW_PARAM));
  const setWindow = useCallback((id: TimeWindowId) => {
    const { pathname, search, hash } = globalThis.location;
    globalThis.history.replaceState(null, "", `${pathname}${searchWithTimeWindow(search, id)}${hash}`);
  }, []);
  return [window, setWindow];
}
