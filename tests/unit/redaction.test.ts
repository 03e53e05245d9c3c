import { describe, expect, it } from "vitest";
import { sanitizeAuditValue } from "@/lib/audit/record-audit";
import { REDACTED, isRedactedField, redactFields } from "@/lib/audit/redaction";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import type { JobView } from "@/lib/jobs/types";

describe("redaction shared by the audit trail and job views", () => {
  it("names payload and credential fields", () => {
    for (const name of ["setHeaders", "value", "Authorization", "dbPassword", "clientSecret", "headers"]) expect(isRedactedField(name)).toBe(true);
    for (const name of ["topic", "target", "dropHeaders", "filter", "ids", "ratePerSec"]) expect(isRedactedField(name)).toBe(false);
  });

  it("redacts at any depth and keeps everything else whole (no cutting, unlike the audit)", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `0-${i}`);
    const params = { topic: "t.dlq", ids, setHeaders: { authorization: "Bearer x" }, nested: [{ value: "payload" }], filter: { q: "a" } };
    expect(redactFields(params)).toEqual({ topic: "t.dlq", ids, setHeaders: REDACTED, nested: [{ value: REDACTED }], filter: { q: "a" } });
    // The audit hides the same fields.
    expect(sanitizeAuditValue(params)).toMatchObject({ setHeaders: REDACTED, nested: [{ value: REDACTED }] });
  });

  it("leaves job params whole for the clear-values permission only", () => {
    const job = { id: "j", params: { setHeaders: { authorization: "Bearer x" }, value: "v" } } as unknown as JobView;
    expect(jobViewFor({ canSeeClearValues: true }, job)).toBe(job);
    expect(jobViewFor({ canSeeClearValues: false }, job).params).toEqual({ setHeaders: REDACTED, value: REDACTED });
  });
});
