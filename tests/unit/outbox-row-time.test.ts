import { describe, expect, it } from "vitest";
import { outboxRowTime } from "@/lib/outbox/row-time";

// An outbox row's times as the rows table and the event trace read them: a MySQL DATETIME carries no
// zone and is UTC (never the browser's zone); PostgreSQL's ISO times pass; anything else is unreadable.
describe("outboxRowTime", () => {
  it("reads a MySQL DATETIME as UTC, with or without fractions", () => {
    expect(outboxRowTime("2026-12-07 06:00:00")).toBe("2026-12-07T06:00:00.000Z");
    expect(outboxRowTime("2026-12-07 06:00:00.250")).toBe("2026-12-07T06:00:00.250Z");
  });

  it("keeps the zone a PostgreSQL time has", () => {
    expect(outboxRowTime("2026-12-07T06:00:00.000+05:30")).toBe("2026-12-07T00:30:00.000Z");
  });

  it("gives nothing for no time or text that is no time", () => {
    expect(outboxRowTime(null)).toBeUndefined();
    expect(outboxRowTime("")).toBeUndefined();
    expect(outboxRowTime("<img src=x onerror=alert(1)>")).toBeUndefined();
    expect(outboxRowTime("2026-02-30 10:00:00x")).toBeUndefined();
  });
});
