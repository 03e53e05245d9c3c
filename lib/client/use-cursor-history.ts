"use client";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { pageNumberOf, parseTrail, previousOf, withStep, type CursorTrail } from "./cursor-trail";
import type { ListState } from "./list-state";

const STORAGE_PREFIX = "eventscope:cursor-trail:";

function readTrail(key: string): CursorTrail {
  try {
    return parseTrail(window.sessionStorage.getItem(STORAGE_PREFIX + key));
  } catch {
    return {}; // storage disabled: paging still works, Prev after a reload goes to the first page
  }
}

function writeTrail(key: string, trail: CursorTrail): void {
  try {
    window.sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(trail));
  } catch {
    // full or disabled: the trail lives on in memory for this page
  }
}

/**
 * Paging a server's cursor list whose page cursor is in the URL ("" = first page). Next remembers
 * where it came from (lib/client/cursor-trail.ts, in sessionStorage), so Prev and the page number
 * survive a reload; a page opened by a shared link does not know its place ("A later page") and its
 * Prev goes to the first page. Each order or filter (`orderKey`) has its own trail.
 */
export function useCursorTrail(orderKey: string, cursor: string, go: (cursor: string) => void) {
  const pathname = usePathname() ?? "";
  const key = `${pathname}|${orderKey}`;
  // Read after hydration: the server has no sessionStorage, and the first render must match its HTML.
  const [loaded, setLoaded] = useState<{ key: string; trail: CursorTrail } | null>(null);
  useEffect(() => setLoaded({ key, trail: readTrail(key) }), [key]);
  const trail = loaded?.key === key ? loaded.trail : null;
  const remember = useCallback(
    (next: CursorTrail) => {
      writeTrail(key, next);
      setLoaded({ key, trail: next });
    },
    [key],
  );
  return {
    /** 1-based page number; null on a later page whose place is not known. */
    pageNumber: !cursor ? 1 : trail ? pageNumberOf(trail, cursor) : null,
    hasPrevious: Boolean(cursor),
    next: (nextCursor: string) => {
      remember(withStep(trail ?? readTrail(key), cursor, nextCursor));
      go(nextCursor);
    },
    previous: () => go(previousOf(trail ?? readTrail(key), cursor) ?? ""),
    first: () => go(""),
  };
}

/** useCursorTrail for a list whose state is a ListState (lib/client/list-state.ts). */
export function useCursorHistory<S extends string>(state: ListState<S>, setState: (next: ListState<S>) => void, orderKey: string) {
  return useCursorTrail(orderKey, state.cursor, (cursor) => setState({ ...state, cursor }));
}
