"use client";
import { formatDurationMs } from "@/lib/client/format";
import type { LiveMode } from "@/lib/client/query-config";
import { useHydrated } from "@/lib/client/use-hydrated";

const TEXT: Record<LiveMode, { label: string; title: (samplingMs: number) => string }> = {
  live: { label: "live", title: () => "Samples are pushed by the server as they are taken" },
  connecting: { label: "connecting", title: (ms) => `Opening the live stream; polling every ${formatDurationMs(ms)} meanwhile` },
  polling: { label: "polling", title: (ms) => `No live stream: refreshing every ${formatDurationMs(ms)}` },
  offline: { label: "offline", title: () => "The browser is offline: figures shown are the last received" },
};

/** A small dot and word: live, connecting, polling or offline. */
export function LiveIndicator({ mode, samplingMs }: { mode: LiveMode; samplingMs: number }) {
  // Until hydration, render what the server did ("connecting") whatever the connection says.
  const shown: LiveMode = useHydrated() ? mode : "connecting";
  const text = TEXT[shown];
  return (
    <span className={`live-indicator live-${shown}`} title={text.title(samplingMs)} role="status">
      <span className="live-dot" aria-hidden="true" />
      {text.label}
    </span>
  );
}
