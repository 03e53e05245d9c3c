"use client";
import { formatTime, MISSING, type TimeZoneChoice } from "@/lib/client/format";
import { useTimeZone } from "@/lib/client/use-time-zone";

/**
 * A time in the console's one format and the operator's zone ("2026-12-06 21:40:05 UTC"); the
 * tooltip shows it in the other zone. Unknown times show a dash.
 */
export function Time({ value, milliseconds = false }: { value: string | number | null | undefined; milliseconds?: boolean }) {
  const zone = useTimeZone();
  if (value === null || value === undefined || value === "") return <span className="muted">{MISSING}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{String(value)}</>;
  const other: TimeZoneChoice = zone === "utc" ? "local" : "utc";
  return (
    <time dateTime={date.toISOString()} title={formatTime(value, { milliseconds, zone: other })}>
      {formatTime(value, { milliseconds, zone })}
    </time>
  );
}

/** formatTime bound to the operator's zone, for text that is not an element (titles, captions). */
export function useFormatTime(): (value: string | number | null | undefined, options?: { milliseconds?: boolean }) => string {
  const zone = useTimeZone();
  return (value, options = {}) => formatTime(value, { ...options, zone });
}
