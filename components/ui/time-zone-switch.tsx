"use client";
import type { TimeZoneChoice } from "@/lib/client/format";
import { setTimeZone, useTimeZone } from "@/lib/client/use-time-zone";
import { useHydrated } from "@/lib/client/use-hydrated";

/** UTC or the browser's zone for every time the console shows; remembered in this browser. */
export function TimeZoneSwitch() {
  const zone = useTimeZone();
  // The browser's zone name differs from the server's: read it only once hydrated (no #418).
  const hydrated = useHydrated();
  return (
    <label className="time-zone-switch">
      <span className="muted">Times</span>
      <select
        className="input input-sm"
        value={zone}
        aria-label="Time zone"
        data-testid="time-zone-switch"
        onChange={(event) => setTimeZone(event.target.value as TimeZoneChoice)}
      >
        <option value="utc">UTC</option>
        <option value="local">Local ({hydrated ? localZoneName() : "browser"})</option>
      </select>
    </label>
  );
}

function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "browser";
  } catch {
    return "browser";
  }
}
