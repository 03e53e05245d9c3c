import { describe, expect, it } from "vitest";
import { decodeMessage, decodeShortBytes, decodeValue, messageMatches } from "@/lib/messages/decode-message";

describe("decodeValue", () => {
  it("pretty-prints JSON objects", () => {
    expect(decodeValue(Buffer.from('{"id":1001,"items":[1,2]}'))).toEqual({
      value: '{\n  "id": 1001,\n  "items": [\n    1,\n    2\n  ]\n}',
      encoding: "json",
      size: 25,
      truncated: false,
    });
  });

  it("keeps text that only looks like JSON as text", () => {
    const decoded = decodeValue(Buffer.from("{not json"));
    expect(decoded.encoding).toBe("text");
    expect(decoded.value).toBe("{not json");
  });

  it("keeps hostile markup as plain text", () => {
    const decoded = decodeValue(Buffer.from("<script>alert(1)</script>"));
    expect(decoded).toMatchObject({ encoding: "text", value: "<script>alert(1)</script>" });
  });

  it("base64-encodes binary values", () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    expect(decodeValue(bytes)).toEqual({ value: bytes.toString("base64"), encoding: "base64", size: 4, truncated: false });
  });

  it("treats invalid UTF-8 as binary", () => {
    expect(decodeValue(Buffer.from([0xc3, 0x28])).encoding).toBe("base64");
  });

  it("truncates big values at a character boundary and reports the full size", () => {
    const text = "é".repeat(10); // 20 bytes
    const decoded = decodeValue(Buffer.from(text), 5);
    expect(decoded).toEqual({ value: "éé", encoding: "text", size: 20, truncated: true });
  });

  it("reports null values as null", () => {
    expect(decodeValue(null)).toEqual({ value: null, encoding: "text", size: 0, truncated: false });
  });
});

describe("decodeShortBytes", () => {
  it("marks binary keys as base64", () => {
    expect(decodeShortBytes(Buffer.from([0x00, 0x01]))).toBe("base64:AAE=");
    expect(decodeShortBytes(Buffer.from("order-1"))).toBe("order-1");
    expect(decodeShortBytes(null)).toBeNull();
  });
});

describe("decodeMessage and messageMatches", () => {
  const message = decodeMessage({
    partition: 2,
    offset: 41,
    timestamp: "2026-11-24T10:00:00.000Z",
    key: Buffer.from("order-1001"),
    headers: { "x-error": Buffer.from("missing field: data.order_id"), bin: Buffer.from([0xff]) },
    value: Buffer.from('{"id":"e-1"}'),
  });

  it("decodes every part", () => {
    expect(message).toEqual({
      partition: 2,
      offset: 41,
      timestamp: "2026-11-24T10:00:00.000Z",
      key: "order-1001",
      headers: { "x-error": "missing field: data.order_id", bin: "base64:/w==" },
      value: '{\n  "id": "e-1"\n}',
      encoding: "json",
      size: 12,
    });
  });

  it("finds text in key, headers and value, case-insensitively", () => {
    expect(messageMatches(message, "ORDER-1001")).toBe(true);
    expect(messageMatches(message, "missing field")).toBe(true);
    expect(messageMatches(message, "e-1")).toBe(true);
    expect(messageMatches(message, "absent")).toBe(false);
  });
});
