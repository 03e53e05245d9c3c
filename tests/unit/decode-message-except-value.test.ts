import { describe, expect, it } from "vitest";
import { decodeMessage, decodeMessageExceptValue } from "@/lib/messages/decode-message";

// Requeue and counts decode a DLQ message's key and headers (the envelope lives there) but never
// its value, which is copied as raw bytes; everything else must match what the list decodes.
describe("decodeMessageExceptValue", () => {
  const raw = {
    partition: 1,
    offset: 42,
    timestamp: "2026-12-06T20:00:00.000Z",
    key: Buffer.from("order-7"),
    headers: { "x-error": Buffer.from("boom"), binary: Buffer.from([0, 1, 2]) },
    value: Buffer.from(JSON.stringify({ id: "evt-7", amount: 3 })),
    subject: "orders.created",
  };

  it("decodes key, headers and position as decodeMessage does, and leaves the value out", () => {
    const full = decodeMessage(raw);
    const lean = decodeMessageExceptValue(raw);
    expect(lean).toEqual({ ...full, value: null, encoding: "text" });
    expect(lean.size).toBe(raw.value.length);
    expect(full.value).toContain('"amount": 3');
  });

  it("reports a missing value as size 0", () => {
    expect(decodeMessageExceptValue({ ...raw, value: null })).toMatchObject({ value: null, size: 0 });
  });
});
