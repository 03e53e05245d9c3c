import { describe, expect, it } from "vitest";
import { REDACTED } from "@/lib/audit/redaction";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import type { JobView } from "@/lib/jobs/types";

// Found replaying issue 11 on the production build: an operator with the clear-values permission
// requeued with filter.q = a card number that only a masked field held, and a viewer read it in
// GET /api/v1/jobs.
describe("job views for people without the clear-values permission", () => {
  const job = {
    id: "j1",
    kind: "requeue",
    state: "succeeded",
    params: { topic: "orders.dlq", filter: { q: "4111111111111111", error: "card 4111111111111111 declined", originalTopic: "orders" }, target: "orders" },
  } as unknown as JobView;

  it("hide the filter's search texts, keep the rest", () => {
    expect(jobViewFor({ canSeeClearValues: false }, job).params).toEqual({
      topic: "orders.dlq",
      // originalTopic is matched against x-original-topic, a header a rule may mask.
      filter: { q: REDACTED, error: REDACTED, originalTopic: REDACTED },
      target: "orders",
    });
  });

  it("show them to people who may see clear values", () => {
    expect(jobViewFor({ canSeeClearValues: true }, job).params).toEqual(job.params);
  });
});

describe("hideSearchTexts (job views and the audit trail)", () => {
  it("hides q and error of a filter and leaves params without one alone", async () => {
    const { hideSearchTexts } = await import("@/lib/audit/redaction");
    expect(hideSearchTexts({ filter: { q: "x", since: "2026-01-01T00:00:00Z" }, all: false })).toEqual({ filter: { q: REDACTED, since: "2026-01-01T00:00:00Z" }, all: false });
    expect(hideSearchTexts({ ids: 3 })).toEqual({ ids: 3 });
    expect(hideSearchTexts(null)).toBeNull();
  });
});
