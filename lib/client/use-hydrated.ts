"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while React hydrates server HTML, true afterwards (and at once on client navigations).
 *
 * Why: the console's pages hydrate in pieces (Suspense boundaries). A piece that hydrates first can
 * fetch and fill the shared query cache before a later piece hydrates; that later piece would then
 * render data where the server rendered a loading state, and React throws a hydration mismatch
 * (#418). Components that read query data render their server look until hydration is done.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
