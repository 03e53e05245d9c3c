import { describe, expect, it } from "vitest";
import { compileRules } from "@/lib/masking/apply-masking";
import { hiddenMetaFields, maskRecord, maskRecordMeta } from "@/lib/masking/mask-record";

const rules = (...patterns: string[]) => compileRules(patterns.map((pattern) => ({ topic: "any-topic", kind: "json-path", pattern })));
const record = (document: unknown, extra: { consumer?: string; processedAt?: string } = {}) => ({
  key: "processed:1",
  value: JSON.stringify(document, null, 2),
  encoding: "json",
  truncated: false,
  ...extra,
});

describe("masking idempotency records", () => {
  it("masks the value with every JSON-path rule, whatever its topic", () => {
    const masked = maskRecord(record({ consumer: "billing", event: { ssn: "123" } }, { consumer: "billing" }), rules("$..ssn"));
    expect(JSON.parse(masked.value)).toEqual({ consumer: "billing", event: { ssn: "***" } });
    expect(masked).toMatchObject({ consumer: "billing", masked: true });
  });

  it("drops processedAt / consumer read from a masked field, and only those", () => {
    const value = { processedBy: "worker-7", processedAt: "2026-12-06T10:00:00Z" };
    const masked = maskRecord(record(value, { consumer: "worker-7", processedAt: "2026-12-06T10:00:00.000Z" }), rules("$.processedBy"));
    expect(masked.consumer).toBeUndefined();
    expect(masked.processedAt).toBe("2026-12-06T10:00:00.000Z");
    // "consumer" was read from the "consumer" field: a rule on processedBy does not hide it.
    const other = maskRecord(record({ consumer: "billing", processedBy: "x" }, { consumer: "billing" }), rules("$.processedBy"));
    expect(other.consumer).toBe("billing");
  });

  it("withholds a cut JSON value it cannot mask by path", () => {
    const cut = { key: "k", value: '{"ssn": "12', encoding: "text", truncated: true };
    expect(maskRecord(cut, rules("$..ssn"))).toMatchObject({ value: "***", masked: true });
  });

  it("leaves records alone without JSON-path rules", () => {
    const plain = record({ ssn: "1" });
    expect(maskRecord(plain, compileRules([{ topic: null, kind: "header", pattern: "x-*" }]))).toBe(plain);
  });

  it("hides a lookup's processedAt / consumer when a rule may cover the field they came from", () => {
    expect(hiddenMetaFields(rules("$.service"))).toEqual({ processedAt: false, consumer: true });
    expect(hiddenMetaFields(rules("$..ts"))).toEqual({ processedAt: true, consumer: false });
    expect(hiddenMetaFields(rules("$"))).toEqual({ processedAt: true, consumer: true });
    expect(maskRecordMeta({ store: "s", consumer: "c", processedAt: "t" }, rules("$.consumer"))).toEqual({ store: "s", processedAt: "t", masked: true });
    expect(maskRecordMeta({ store: "s", consumer: "c" }, rules("$.ssn"))).toEqual({ store: "s", consumer: "c" });
  });
});
