import { describe, expect, it } from "vitest";
import { valueBeyondColumns } from "@/lib/client/idempotency-format";

const base = { key: "processed:3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f", eventId: "3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f", encoding: "json" as const };

describe("valueBeyondColumns", () => {
  it("drops the fields the key, time and consumer columns already show", () => {
    const value = JSON.stringify({ eventId: base.eventId, processedAt: "2026-12-06T20:00:00.000Z", consumer: "billing", amount: 12.5 });
    expect(valueBeyondColumns({ ...base, value, processedAt: "2026-12-06T20:00:00.000Z", consumer: "billing" })).toBe('{"amount":12.5}');
  });

  it("recognises an epoch processed time in seconds or milliseconds", () => {
    const at = "2026-12-06T20:00:00.000Z";
    const seconds = Date.parse(at) / 1000;
    expect(valueBeyondColumns({ ...base, value: JSON.stringify({ ts: seconds, status: "ok" }), processedAt: at })).toBe('{"status":"ok"}');
    expect(valueBeyondColumns({ ...base, value: JSON.stringify({ ts: seconds * 1000 }), processedAt: at })).toBe("");
  });

  it("keeps values that are not objects, and text and binary as they are", () => {
    expect(valueBeyondColumns({ ...base, value: "1" })).toBe("1");
    expect(valueBeyondColumns({ ...base, value: "done", encoding: "text" })).toBe("done");
    expect(valueBeyondColumns({ ...base, value: "AAEC", encoding: "base64" })).toBe("binary");
    expect(valueBeyondColumns({ ...base, value: null })).toBe("");
  });
});
