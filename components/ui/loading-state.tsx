"use client";
import { useHydrated } from "@/lib/client/use-hydrated";

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A quiet "refreshing" marker for data that is shown while being refetched. */
export function FetchingIndicator({ active }: { active: boolean }) {
  const on = useHydrated() && active;
  return <span className={`fetching ${on ? "fetching-on" : ""}`} aria-hidden={!on} title="Refreshing" />;
}
