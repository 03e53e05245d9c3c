import { describe, expect, it } from "vitest";
import { formatTime, formatUtcOffset } from "@/lib/client/format";
import { parseTimeInput, timeInputValue } from "@/lib/client/time-input";

const ok = (iso: string) => ({ ok: true, iso });

describe("formatTime", () => {
  const instant = Date.UTC(2026, 11, 6, 21, 40, 5, 67);

  it("shows UTC by default, 24 h, with the zone named", () => {
    expect(formatTime(instant)).toBe("2026-12-06 21:40:05 UTC");
    expect(formatTime(new Date(instant).toISOString(), { milliseconds: true })).toBe("2026-12-06 21:40:05.067 UTC");
    expect(formatTime(instant, { showZone: false })).toBe("2026-12-06 21:40:05");
  });

  it("shows the browser's zone with its offset when local is chosen", () => {
    const date = new Date(instant);
    const offset = formatUtcOffset(-date.getTimezoneOffset());
    const pad = (n: number) => String(n).padStart(2, "0");
    const expected =
      `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
      `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${offset}`;
    expect(formatTime(instant, { zone: "local" })).toBe(expected);
  });

  it("writes offsets east and west of UTC", () => {
    expect(formatUtcOffset(60)).toBe("+01:00");
    expect(formatUtcOffset(-210)).toBe("-03:30");
    expect(formatUtcOffset(0)).toBe("+00:00");
    expect(formatUtcOffset(345)).toBe("+05:45");
  });
});

describe("parseTimeInput", () => {
  it("reads what the tables show, in UTC", () => {
    expect(parseTimeInput("2026-12-06 21:40:05 UTC", "utc")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-06 21:40:05.067 UTC", "local")).toEqual(ok("2026-12-06T21:40:05.067Z"));
  });

  it("reads an explicit offset whatever zone is chosen", () => {
    expect(parseTimeInput("2026-12-06 22:40:05 +01:00", "utc")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-06 18:10:05 -0330", "local")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-07 03:25:05+05:45", "utc")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-06T21:40:05Z", "local")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-06 21:40:05 gmt", "local")).toEqual(ok("2026-12-06T21:40:05.000Z"));
  });

  it("reads a time without a zone in the chosen zone", () => {
    expect(parseTimeInput("2026-12-06 21:40:05", "utc")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("2026-12-06 21:40:05", "local")).toEqual(ok(new Date(2026, 11, 6, 21, 40, 5).toISOString()));
  });

  it("takes shorter forms: no seconds, date only, T separator, epoch", () => {
    expect(parseTimeInput("2026-12-06 21:40", "utc")).toEqual(ok("2026-12-06T21:40:00.000Z"));
    expect(parseTimeInput("2026-12-06", "utc")).toEqual(ok("2026-12-06T00:00:00.000Z"));
    expect(parseTimeInput("2026-12-06T21:40", "utc")).toEqual(ok("2026-12-06T21:40:00.000Z"));
    expect(parseTimeInput("  2026-12-06 9:05  ", "utc")).toEqual(ok("2026-12-06T09:05:00.000Z"));
    expect(parseTimeInput("1796593205", "local")).toEqual(ok("2026-12-06T21:40:05.000Z"));
    expect(parseTimeInput("1796593205067", "local")).toEqual(ok("2026-12-06T21:40:05.067Z"));
  });

  it("returns null for blank input (no filter)", () => {
    expect(parseTimeInput("", "utc")).toBeNull();
    expect(parseTimeInput("   ", "local")).toBeNull();
  });

  it("refuses what is not a time, or an impossible one, saying why", () => {
    for (const text of ["yesterday", "06/12/2026", "2026-12-06 21:40:05 CET", "2026-12-6", "2026-12-06 21:40:05 +1"]) {
      const result = parseTimeInput(text, "utc");
      expect(result?.ok, text).toBe(false);
    }
    const message = (text: string) => {
      const result = parseTimeInput(text, "utc");
      return result && !result.ok ? result.message : "";
    };
    expect(message("2026-02-30 10:00")).toMatch(/no day 30/);
    expect(message("2026-13-01")).toMatch(/no month 13/);
    expect(message("2026-12-06 24:00")).toMatch(/between 00:00:00 and 23:59:59/);
    expect(message("2026-12-06 21:60")).toMatch(/between/);
    expect(message("2026-12-06 21:40 +15:00")).toMatch(/out of range/);
    expect(message("1969-12-31")).toMatch(/1970/);
    expect(message("tomorrow")).toMatch(/2026-12-06 21:40:05/);
  });

  it("reads back every time the console shows, in either zone", () => {
    for (const iso of ["2026-12-06T21:40:05.000Z", "2026-03-29T01:30:00.000Z", "2026-12-06T21:40:05.067Z"]) {
      for (const zone of ["utc", "local"] as const) {
        expect(parseTimeInput(formatTime(iso, { zone, milliseconds: true }), zone)).toEqual(ok(iso));
        expect(parseTimeInput(timeInputValue(iso, zone), zone === "utc" ? "local" : "utc")).toEqual(ok(iso));
      }
    }
  });
});

describe("timeInputValue", () => {
  it("writes an instant as the tables show it, milliseconds only when there are some", () => {
    expect(timeInputValue("2026-12-06T21:40:05.000Z", "utc")).toBe("2026-12-06 21:40:05 UTC");
    expect(timeInputValue("2026-12-06T21:40:05.067Z", "utc")).toBe("2026-12-06 21:40:05.067 UTC");
    expect(timeInputValue(null, "utc")).toBe("");
    expect(timeInputValue("garbage", "utc")).toBe("");
  });
});
