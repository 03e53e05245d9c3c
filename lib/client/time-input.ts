// Reads a time an operator typed into a filter (message browser, DLQ since/until, replay, reset,
// audit): the same text the tables show ("2026-12-06 21:40:05 UTC", "2026-12-06 22:40:05 +01:00"),
// or without a zone, then read in the zone the operator chose (UTC or the browser's). Pure.
import { formatTime, type TimeZoneChoice } from "./format";

export type TimeInputResult = { ok: true; iso: string } | { ok: false; message: string };

/** What a time input's placeholder shows: an example in the format it reads. */
export const TIME_INPUT_EXAMPLE = "2026-12-06 21:40:05";

const TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "+01:00", "-0330", "+05", "Z", "UTC" as minutes east of UTC; null when out of range. */
function offsetMinutes(zone: string): number | null {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * The instant a typed time names, as ISO 8601 UTC; null for blank input (no filter).
 * Reads "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS[.fff]" (a "T" may replace the
 * space), optionally followed by "UTC", "Z", "GMT" or an offset ("+01:00", "-0330"); without one,
 * the time is in `zone`. Epoch seconds or milliseconds (10 or 13 digits) are read as well.
 * Impossible dates ("2026-02-30", "24:00") are refused with a message saying why.
 */
export function parseTimeInput(text: string, zone: TimeZoneChoice): TimeInputResult | null {
  const value = text.trim();
  if (value === "") return null;
  if (/^\d{10}$|^\d{13}$/.test(value)) {
    const ms = Number(value) * (value.length === 10 ? 1000 : 1);
    return { ok: true, iso: new Date(ms).toISOString() };
  }
  const match = TIME_TEXT.exec(value);
  if (!match) {
    return { ok: false, message: `"${value}" is not a time: write it as ${TIME_INPUT_EXAMPLE}, optionally followed by UTC or an offset such as +01:00` };
  }
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zoneText] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s);
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  if (year < 1970) return { ok: false, message: `${value}: the year must be 1970 or later` };
  if (month < 1 || month > 12) return { ok: false, message: `${value}: there is no month ${month}` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: `${value}: there is no day ${day} in ${y}-${mo}` };
  if (hours > 23 || minutes > 59 || seconds > 59) return { ok: false, message: `${value}: the time of day must be between 00:00:00 and 23:59:59` };
  let instant: number;
  if (zoneText !== undefined) {
    const east = offsetMinutes(zoneText);
    if (east === null) return { ok: false, message: `${value}: the offset ${zoneText} is out of range (-14:00 to +14:00)` };
    instant = Date.UTC(year, month - 1, day, hours, minutes, seconds, ms) - east * 60_000;
  } else if (zone === "utc") {
    instant = Date.UTC(year, month - 1, day, hours, minutes, seconds, ms);
  } else {
    instant = new Date(year, month - 1, day, hours, minutes, seconds, ms).getTime();
  }
  return { ok: true, iso: new Date(instant).toISOString() };
}

/** An instant as a time input's text, in the chosen zone with the zone named (what tables show). */
export function timeInputValue(iso: string | null | undefined, zone: TimeZoneChoice): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  // Milliseconds only when there are some, so a filter set from a message's timestamp keeps them.
  return formatTime(date.getTime(), { zone, milliseconds: date.getUTCMilliseconds() !== 0 });
}

/** How a time field names the zone a time without one is read in: "UTC" or "local time". */
export function zoneWord(zone: TimeZoneChoice): string {
  return zone === "utc" ? "UTC" : "local time";
}

/** A time field's placeholder: an example in the format it reads. */
export function timePlaceholder(zone: TimeZoneChoice): string {
  return zone === "utc" ? `${TIME_INPUT_EXAMPLE} UTC` : TIME_INPUT_EXAMPLE;
}
