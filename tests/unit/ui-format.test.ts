import { describe, expect, it } from "vitest";
import {
  MISSING,
  formatByteRate,
  formatBytes,
  formatDuration,
  formatDurationMs,
  formatLagSeconds,
  formatInteger,
  formatNumber,
  formatRate,
  formatTime,
  pluralize,
} from "@/lib/client/format";

describe("formatNumber", () => {
  it("keeps small counts exact", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(7)).toBe("7");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(3.25)).toBe("3.3");
    expect(formatNumber(2.0)).toBe("2");
  });
  it("compacts thousands and millions", () => {
    expect(formatNumber(1000)).toBe("1k");
    expect(formatNumber(12_449)).toBe("12.4k");
    expect(formatNumber(12_400)).toBe("12.4k");
    expect(formatNumber(123_456)).toBe("123k");
    expect(formatNumber(1_234_567)).toBe("1.2M");
    expect(formatNumber(3_400_000_000)).toBe("3.4B");
  });
  it("rolls over to the next unit instead of printing 1000k", () => {
    expect(formatNumber(999_999)).toBe("1M");
    expect(formatNumber(999.97)).toBe("1k");
  });
  it("handles negatives and unknowns", () => {
    expect(formatNumber(-12_400)).toBe("-12.4k");
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(undefined)).toBe(MISSING);
    expect(formatNumber(Number.NaN)).toBe(MISSING);
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe(MISSING);
  });
});

describe("formatInteger", () => {
  it("groups thousands", () => {
    expect(formatInteger(0)).toBe("0");
    expect(formatInteger(999)).toBe("999");
    expect(formatInteger(1234567)).toBe("1,234,567");
    expect(formatInteger(-1000)).toBe("-1,000");
    expect(formatInteger(null)).toBe(MISSING);
  });
});

describe("formatRate", () => {
  it("appends /s", () => {
    expect(formatRate(12_400)).toBe("12.4k/s");
    expect(formatRate(0)).toBe("0/s");
    expect(formatRate(null)).toBe(MISSING);
  });
});

describe("formatBytes", () => {
  it("uses binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(1.2 * 1024 * 1024)).toBe("1.2 MB");
    expect(formatBytes(250 * 1024 * 1024)).toBe("250 MB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5 TB");
  });
  it("rolls over and handles unknowns", () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(null)).toBe(MISSING);
    expect(formatByteRate(2048)).toBe("2 KB/s");
    expect(formatByteRate(null)).toBe(MISSING);
  });
});

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(60)).toBe("1 m");
    expect(formatDuration(200)).toBe("3 m 20 s");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(3725)).toBe("1 h 2 m");
    expect(formatDuration(90_061)).toBe("1 d 1 h");
  });
  it("does not print a zero middle unit", () => {
    expect(formatDuration(3605)).toBe("1 h");
    expect(formatDuration(86_400 + 30)).toBe("1 d");
  });
  it("keeps sub-second and small fractional lag readable", () => {
    expect(formatDuration(0.4)).toBe("0.4 s");
    expect(formatDuration(2.25)).toBe("2.3 s");
    expect(formatDuration(9.97)).toBe("10 s");
    expect(formatDuration(12.6)).toBe("13 s");
  });
  it("handles unknowns and milliseconds", () => {
    expect(formatDuration(null)).toBe(MISSING);
    expect(formatDurationMs(5000)).toBe("5 s");
    expect(formatDurationMs(200_000)).toBe("3 m 20 s");
    expect(formatDurationMs(undefined)).toBe(MISSING);
  });
});

describe("formatTime", () => {
  it("formats in UTC by default, or local time without the zone label", () => {
    const local = new Date(2024, 0, 2, 3, 4, 5, 67);
    expect(formatTime(local.toISOString(), { zone: "local", showZone: false })).toBe("2024-01-02 03:04:05");
    expect(formatTime(local.toISOString(), { zone: "local", showZone: false, milliseconds: true })).toBe("2024-01-02 03:04:05.067");
    expect(formatTime(Date.UTC(2024, 0, 2, 3, 4, 5, 67))).toBe("2024-01-02 03:04:05 UTC");
  });
  it("returns unparseable input as is, and a dash for nothing", () => {
    expect(formatTime("not a time")).toBe("not a time");
    expect(formatTime(null)).toBe(MISSING);
    expect(formatTime("")).toBe(MISSING);
  });
});

describe("pluralize", () => {
  it("picks the form by count", () => {
    expect(pluralize(1, "topic")).toBe("1 topic");
    expect(pluralize(2, "topic")).toBe("2 topics");
    expect(pluralize(1200, "entry", "entries")).toBe("1,200 entries");
  });
});

describe("formatLagSeconds", () => {
  it("marks a lower bound with ≥ and leaves exact and unknown values alone", () => {
    expect(formatLagSeconds(200, true)).toBe("≥ 3 m 20 s");
    expect(formatLagSeconds(200)).toBe("3 m 20 s");
    expect(formatLagSeconds(null, true)).toBe(formatDuration(null));
  });
});
