import { describe, expect, it } from "vitest";
import {
  decodeBase64,
  hexDump,
  isTruncated,
  prettyJson,
  previewText,
  previewValue,
  receivedBytes,
  revealControlChars,
} from "@/lib/client/message-value";

describe("revealControlChars", () => {
  it("makes control and bidi-override characters visible", () => {
    expect(revealControlChars("a\u0000b")).toBe("a\\u0000b");
    expect(revealControlChars("evil\u202Etxt.exe")).toBe("evil\\u202etxt.exe");
    expect(revealControlChars("\u001b[31mred")).toBe("\\u001b[31mred");
  });
  it("keeps tabs, newlines and ordinary unicode", () => {
    expect(revealControlChars("a\tb\nc\r\nd")).toBe("a\tb\nc\r\nd");
    expect(revealControlChars("zamówienie 注文 ✓")).toBe("zamówienie 注文 ✓");
  });
  it("leaves markup as plain text (React renders it as text)", () => {
    expect(revealControlChars("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("previewText", () => {
  it("puts everything on one line and cuts long text", () => {
    expect(previewText("a\nb\r\nc")).toBe("a↵b↵c");
    expect(previewText("x".repeat(130), 120)).toBe(`${"x".repeat(120)}…`);
    expect(previewText("short", 120)).toBe("short");
    expect(previewText(null)).toBe("");
  });
});

describe("prettyJson", () => {
  it("indents valid JSON", () => {
    expect(prettyJson('{"id":1,"items":[1,2]}')).toBe('{\n  "id": 1,\n  "items": [\n    1,\n    2\n  ]\n}');
  });
  it("returns null for broken or truncated JSON", () => {
    expect(prettyJson('{"id":1,"na')).toBeNull();
    expect(prettyJson("")).toBeNull();
  });
});

describe("decodeBase64 and hexDump", () => {
  it("decodes standard and url-safe base64", () => {
    expect(Array.from(decodeBase64("AAEC/w==")!)).toEqual([0, 1, 2, 255]);
    expect(Array.from(decodeBase64("AAEC_w")!)).toEqual([0, 1, 2, 255]);
    expect(decodeBase64("not base64!")).toBeNull();
  });
  it("dumps 16 bytes a line with offsets and ASCII", () => {
    const bytes = new TextEncoder().encode('{"id":1}');
    expect(hexDump(bytes)).toBe(`00000000  7b 22 69 64 22 3a 31 7d  ${" ".repeat(24)} {"id":1}`);
    const two = hexDump(new Uint8Array(20).fill(0x41));
    const lines = two.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith("00000010  41 41 41 41")).toBe(true);
    expect(lines[0]!.endsWith("AAAAAAAAAAAAAAAA")).toBe(true);
  });
  it("shows non-printable bytes as dots and stops at the limit", () => {
    expect(hexDump(new Uint8Array([0, 0x41, 0x7f]))).toMatch(/ \.A\.$/);
    const dump = hexDump(new Uint8Array(100), 32);
    expect(dump.split("\n")).toHaveLength(3);
    expect(dump).toContain("68 more bytes not shown");
  });
});

describe("truncation", () => {
  it("trusts the server's flag", () => {
    expect(isTruncated({ value: "abc", encoding: "text", size: 3, truncated: true })).toBe(true);
  });
  it("compares the bytes received with the size", () => {
    expect(isTruncated({ value: "abc", encoding: "text", size: 3 })).toBe(false);
    expect(isTruncated({ value: "abc", encoding: "text", size: 10_000 })).toBe(true);
    // "é" is two bytes in UTF-8.
    expect(isTruncated({ value: "é", encoding: "text", size: 2 })).toBe(false);
    expect(isTruncated({ value: "AAEC/w==", encoding: "base64", size: 4 })).toBe(false);
    expect(isTruncated({ value: "AAEC/w==", encoding: "base64", size: 400 })).toBe(true);
    expect(isTruncated({ value: null, encoding: "text", size: 0 })).toBe(false);
  });
  it("counts received bytes by encoding", () => {
    expect(receivedBytes({ value: "AAEC/w==", encoding: "base64" })).toBe(4);
    expect(receivedBytes({ value: '{"a":1}', encoding: "json" })).toBe(7);
  });
});

describe("previewValue", () => {
  it("describes null and binary values instead of printing them", () => {
    expect(previewValue({ value: null, encoding: "text", size: 0 })).toBe("null");
    expect(previewValue({ value: "AAEC/w==", encoding: "base64", size: 2048 })).toBe("binary, 2 KB");
    expect(previewValue({ value: '{\n  "a": 1,\n  "b": [1, 2]\n}', encoding: "json", size: 24 })).toBe('{"a":1,"b":[1,2]}');
    expect(previewValue({ value: '{\n  "a": 1, "tru', encoding: "json", size: 400 })).toBe('{↵  "a": 1, "tru');
    expect(previewValue({ value: "line 1\nline 2", encoding: "text", size: 13 })).toBe("line 1↵line 2");
  });
});
