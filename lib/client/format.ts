// Display formatters for the console. Pure functions (no React, no DOM) so they are unit-tested
// and safe to call from server or client components alike.

/** Shown wherever a figure is unknown (the API sends null) rather than zero. */
export const MISSING = "—";

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function trimZero(text: string): string {
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

const COMPACT_UNITS = ["", "k", "M", "B", "T"] as const;

/**
 * Compact count: 950 -> "950", 12_449 -> "12.4k", 1_234_567 -> "1.2M".
 * One decimal below 100 of a unit, none above, so a column of figures stays narrow.
 */
export function formatNumber(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return MISSING;
  const sign = value < 0 ? "-" : "";
  let abs = Math.abs(value);
  if (abs < 1000) {
    const rounded = Number.isInteger(abs) ? String(abs) : trimZero(abs.toFixed(1));
    // 999.96 rounds to "1000": hand it to the compact branch instead.
    if (rounded !== "1000") return sign + rounded;
    abs = 1000;
  }
  let unit = 0;
  while (abs >= 1000 && unit < COMPACT_UNITS.length - 1) {
    abs /= 1000;
    unit += 1;
  }
  let text = abs < 100 ? trimZero(abs.toFixed(1)) : abs.toFixed(0);
  // 999.96k rounds to "1000k": move to the next unit.
  if (text === "1000" && unit < COMPACT_UNITS.length - 1) {
    unit += 1;
    text = "1";
  }
  return `${sign}${text}${COMPACT_UNITS[unit]}`;
}

/** Exact integer with thousands separators (for tooltips and totals): 1234567 -> "1,234,567". */
export function formatInteger(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return MISSING;
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.trunc(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Per-second rate: 12_400 -> "12.4k/s". */
export function formatRate(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return MISSING;
  return `${formatNumber(value)}/s`;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** Binary (1024) sizes, as Kafka tools show them: 1536 -> "1.5 KB", 1_258_291 -> "1.2 MB". */
export function formatBytes(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return MISSING;
  const sign = value < 0 ? "-" : "";
  let abs = Math.abs(value);
  if (abs < 1024) return `${sign}${Math.round(abs)} B`;
  let unit = 0;
  while (abs >= 1024 && unit < BYTE_UNITS.length - 1) {
    abs /= 1024;
    unit += 1;
  }
  let text = abs < 100 ? trimZero(abs.toFixed(1)) : abs.toFixed(0);
  if (text === "1024" && unit < BYTE_UNITS.length - 1) {
    unit += 1;
    text = "1";
  }
  return `${sign}${text} ${BYTE_UNITS[unit]}`;
}

/** Bytes per second: 1536 -> "1.5 KB/s". */
export function formatByteRate(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return MISSING;
  return `${formatBytes(value)}/s`;
}

const DURATION_UNITS: [label: string, seconds: number][] = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
];

/**
 * Duration given in seconds, two largest units: 200 -> "3 m 20 s", 3725 -> "1 h 2 m",
 * 0.4 -> "0.4 s". Lag in seconds is the main user, so sub-second values keep a decimal.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isFiniteNumber(seconds)) return MISSING;
  const sign = seconds < 0 ? "-" : "";
  const abs = Math.abs(seconds);
  if (abs < 10 && !Number.isInteger(abs)) {
    const rounded = trimZero(abs.toFixed(1));
    if (rounded !== "10") return `${sign}${rounded} s`;
  }
  let rest = Math.round(abs);
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  for (const [label, size] of DURATION_UNITS) {
    if (rest >= size) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      parts.push(`${count} ${label}`);
    } else if (parts.length > 0) {
      // Keep units adjacent: "1 h 0 m" is not wanted, "1 h" is; stop after a gap.
      break;
    }
    if (parts.length === 2) break;
  }
  return sign + parts.join(" ");
}

/**
 * Lag in seconds: "3 m 20 s", or "≥ 3 m 20 s" when the estimate is a lower bound (the committed
 * offset is older than the sampler's history, e.g. right after a restart).
 */
export function formatLagSeconds(seconds: number | null | undefined, atLeast?: boolean): string {
  const text = formatDuration(seconds);
  return atLeast === true && isFiniteNumber(seconds) ? `≥ ${text}` : text;
}

/** Milliseconds as a duration: 5000 -> "5 s". */
export function formatDurationMs(ms: number | null | undefined): string {
  if (!isFiniteNumber(ms)) return MISSING;
  return formatDuration(ms / 1000);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/**
 * Where times are shown: "utc" (the default, and what the server renders) or "local" (the
 * browser's zone, chosen by the operator; see lib/client/use-time-zone.ts).
 */
export type TimeZoneChoice = "utc" | "local";

/** The clock fields of a Date in the chosen zone, plus the zone's label ("UTC", "+01:00"). */
function clockFields(date: Date, zone: TimeZoneChoice) {
  if (zone === "utc") {
    return {
      year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
      hours: date.getUTCHours(), minutes: date.getUTCMinutes(), seconds: date.getUTCSeconds(),
      ms: date.getUTCMilliseconds(), label: "UTC",
    };
  }
  return {
    year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(),
    hours: date.getHours(), minutes: date.getMinutes(), seconds: date.getSeconds(),
    ms: date.getMilliseconds(), label: formatUtcOffset(-date.getTimezoneOffset()),
  };
}

/** Minutes east of UTC as "+01:00", "-03:30", "+00:00". */
export function formatUtcOffset(minutesEast: number): string {
  const sign = minutesEast < 0 ? "-" : "+";
  const abs = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An ISO time (or epoch milliseconds), ISO-like and 24 h, with its zone: "2026-12-06 21:40:05 UTC",
 * or in the browser's zone "2026-12-06 22:40:05 +01:00". The one date format of the console: the
 * time inputs (lib/client/time-input.ts) read it back. With `milliseconds`, ".123" follows the
 * seconds (message timestamps); `zone: false` leaves the zone label out (where a heading names it).
 * Unparseable input comes back as is, so a broker's odd timestamp is still shown rather than hidden.
 */
export function formatTime(
  value: string | number | null | undefined,
  options: { milliseconds?: boolean; zone?: TimeZoneChoice; showZone?: boolean } = {},
): string {
  if (value === null || value === undefined || value === "") return MISSING;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const f = clockFields(date, options.zone ?? "utc");
  let text =
    `${f.year}-${pad(f.month)}-${pad(f.day)} ` + `${pad(f.hours)}:${pad(f.minutes)}:${pad(f.seconds)}`;
  if (options.milliseconds) text += `.${pad(f.ms, 3)}`;
  return options.showZone === false ? text : `${text} ${f.label}`;
}

/** "1 topic", "3 topics". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : plural}`;
}

/** Shown where the API says a figure is unknown (null) in prose and captions: never as 0. */
export const UNKNOWN = "unknown";

/** Message rate with its unit: 12_400 -> "12.4k msg/s"; null -> "unknown". */
export function formatMsgRate(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return UNKNOWN;
  return `${formatNumber(value)} msg/s`;
}

/** Byte rate, or "unknown" when the broker does not report sizes (Kafka). */
export function formatByteRateOrUnknown(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return UNKNOWN;
  return formatByteRate(value);
}

/**
 * A chart's time-axis tick, by the spacing of the ticks and the span of the axis: seconds when
 * ticks are less than a minute apart ("14:03:20"), the clock within a day ("14:03"), the date when
 * ticks are days apart ("05-01"), both otherwise ("05-01 14:00"). In the chosen zone (UTC by default).
 */
export function formatAxisTime(
  value: number,
  stepSeconds: number,
  spanSeconds = stepSeconds,
  zone: TimeZoneChoice = "utc",
): string {
  const date = new Date(value);
  if (!Number.isFinite(value) || Number.isNaN(date.getTime())) return "";
  const f = clockFields(date, zone);
  const clock = `${pad(f.hours)}:${pad(f.minutes)}`;
  const day = `${pad(f.month)}-${pad(f.day)}`;
  if (stepSeconds < 60) return `${clock}:${pad(f.seconds)}`;
  if (spanSeconds <= 86_400) return clock;
  if (stepSeconds >= 86_400) return day;
  return `${day} ${clock}`;
}

/** formatDrain's phrases that components style (drain-estimate.tsx). */
export const KEEPING_UP = "keeping up";
export const NOT_DRAINING = "not draining";

/**
 * Time to drain a lag, as a phrase: "3 m 20 s", "no lag", "keeping up", "not draining" (lag, and
 * consumers no faster than producers), or "unknown" (no estimate, or the consume rate is not known
 * yet: null). `drainSeconds` is the API's estimate: lag / (consume rate - produce rate).
 *
 * `status` is the group's lag evaluation. An OK group consumes as fast as messages arrive: its lag
 * is a steady in-flight backlog, not a backlog that grows, so it reads "keeping up", never "not
 * draining" (which would contradict the OK beside it). Other statuses keep "not draining": the
 * status reason says why.
 */
export function formatDrain(
  drainSeconds: number | null | undefined,
  lag: number | null | undefined,
  consumeRate?: number | null,
  status?: string | null,
): string {
  if (isFiniteNumber(lag) && lag <= 0) return "no lag";
  if (isFiniteNumber(drainSeconds)) return formatDuration(drainSeconds);
  if (consumeRate === null) return UNKNOWN;
  if (isFiniteNumber(lag) && lag > 0) return status?.toUpperCase() === "OK" ? KEEPING_UP : NOT_DRAINING;
  return UNKNOWN;
}

const TIME_HEADER = /(time|timestamp|date)|(^|[-_.])(ts|at)$/i;
const EPOCH_DIGITS: Record<number, number> = { 10: 1_000, 13: 1, 16: 1 / 1_000, 19: 1 / 1_000_000 };

/**
 * A header holding an epoch time (x-original-timestamp: "1765051200123") as an ISO time in UTC, so
 * the raw number can be read; null when the name does not speak of a time or the value is no epoch
 * in seconds, milliseconds, microseconds or nanoseconds between 2000 and 2100.
 */
export function epochHeaderAsIso(name: string, value: string): string | null {
  if (!TIME_HEADER.test(name)) return null;
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  const scale = EPOCH_DIGITS[text.length];
  if (scale === undefined) return null;
  const ms = Math.floor(Number(text) * scale);
  if (ms < Date.UTC(2000, 0, 1) || ms > Date.UTC(2100, 0, 1)) return null;
  return new Date(ms).toISOString();
}
