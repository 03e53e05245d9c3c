import { describe, expect, it } from "vitest";
import { epochHeaderAsIso } from "@/lib/client/format";

describe("epochHeaderAsIso", () => {
  it("reads epoch headers in seconds, milliseconds, micro- and nanoseconds", () => {
    expect(epochHeaderAsIso("x-original-timestamp", "1765051200123")).toBe("2025-12-06T20:00:00.123Z");
    expect(epochHeaderAsIso("kafka_dlt-original-timestamp", "1765051200")).toBe("2025-12-06T20:00:00.000Z");
    expect(epochHeaderAsIso("event_ts", "1765051200123456")).toBe("2025-12-06T20:00:00.123Z");
    expect(epochHeaderAsIso("created-at", "1765051200123456789")).toBe("2025-12-06T20:00:00.123Z");
  });

  it("leaves other headers and values alone", () => {
    expect(epochHeaderAsIso("x-original-offset", "1765051200123")).toBeNull();
    expect(epochHeaderAsIso("x-original-timestamp", "not a time")).toBeNull();
    expect(epochHeaderAsIso("x-original-timestamp", "12")).toBeNull();
    expect(epochHeaderAsIso("x-original-timestamp", "9999999999999")).toBeNull();
    expect(epochHeaderAsIso("format", "1765051200")).toBeNull();
  });
});
