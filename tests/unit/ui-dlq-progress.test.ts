import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/contract/jobs";
import { dlqStatusTone, formatPercent, isJobActive, isRequeueOf, jobProgress, jobStateLabel, jobStateTone, jobSubjectOf } from "@/lib/client/dlq-progress";

const T0 = Date.parse("2024-05-01T10:00:00.000Z");
const job = (extra: Partial<Job> = {}): Job => ({
  id: "j1",
  kind: "requeue",
  state: "running",
  clusterId: "local",
  total: 1000,
  done: 0,
  failed: 0,
  createdBy: "alice",
  createdAt: new Date(T0 - 1000).toISOString(),
  startedAt: new Date(T0).toISOString(),
  finishedAt: null,
  params: { topic: "orders.dlq", ratePerSec: 100 },
  cancelRequested: false,
  ...extra,
});

describe("job progress", () => {
  it("computes percentage, rate and time left of a running job", () => {
    const progress = jobProgress(job({ done: 240, failed: 10 }), T0 + 5_000);
    expect(progress.processed).toBe(250);
    expect(progress.remaining).toBe(750);
    expect(progress.percent).toBe(25);
    expect(progress.donePercent).toBe(24);
    expect(progress.failedPercent).toBe(1);
    expect(progress.ratePerSec).toBe(50);
    expect(progress.etaSeconds).toBe(15);
    expect(progress.elapsedSeconds).toBe(5);
  });

  it("has no rate or ETA before anything was sent or the job started", () => {
    expect(jobProgress(job({ state: "queued", startedAt: null }), T0)).toMatchObject({ percent: 0, ratePerSec: null, etaSeconds: null, elapsedSeconds: null });
    expect(jobProgress(job(), T0 + 3_000)).toMatchObject({ ratePerSec: null, etaSeconds: null });
    // Too early for a meaningful rate.
    expect(jobProgress(job({ done: 5 }), T0 + 100).ratePerSec).toBeNull();
  });

  it("never shows 100 % while messages remain", () => {
    expect(jobProgress(job({ total: 100_000, done: 99_999 }), T0 + 10_000).percent).toBeLessThan(100);
    expect(formatPercent(jobProgress(job({ total: 100_000, done: 99_999 }), T0 + 10_000).percent)).toBe("99.9 %");
  });

  it("uses the finish time for a finished job", () => {
    const progress = jobProgress(job({ state: "succeeded", done: 1000, finishedAt: new Date(T0 + 4_000).toISOString() }), T0 + 60_000);
    expect(progress).toMatchObject({ percent: 100, etaSeconds: 0, elapsedSeconds: 4, ratePerSec: 250 });
  });

  it("counts an empty finished job as complete and clamps odd figures", () => {
    expect(jobProgress(job({ state: "succeeded", total: 0 }), T0).percent).toBe(100);
    expect(jobProgress(job({ total: 0 }), T0).percent).toBe(0);
    const over = jobProgress(job({ total: 10, done: 12, failed: 3 }), T0 + 1000);
    expect(over.processed).toBe(10);
    expect(over.remaining).toBe(0);
    expect(over.donePercent).toBe(100);
  });

  it("keeps a cancelled job's partial figures", () => {
    const progress = jobProgress(job({ state: "cancelled", done: 300, finishedAt: new Date(T0 + 3_000).toISOString() }), T0 + 99_000);
    expect(progress).toMatchObject({ percent: 30, remaining: 700, etaSeconds: 0, ratePerSec: 100 });
  });
});

describe("job words", () => {
  it("formats percentages", () => {
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(100)).toBe("100 %");
    expect(formatPercent(42.7)).toBe("42 %");
    expect(formatPercent(0.46)).toBe("0.4 %");
    expect(formatPercent(Number.NaN)).toBe("—");
  });

  it("knows active states and tones", () => {
    expect(isJobActive("queued")).toBe(true);
    expect(isJobActive("running")).toBe(true);
    expect(isJobActive("cancelled")).toBe(false);
    expect(jobStateTone("failed")).toBe("danger");
    expect(jobStateTone("succeeded")).toBe("ok");
    expect(dlqStatusTone("pending")).toBe("warn");
    expect(dlqStatusTone("requeued")).toBe("ok");
    expect(dlqStatusTone("whatever")).toBe("neutral");
  });

  it("says cancelling… for an active job with a cancel requested, and the plain state otherwise", () => {
    expect(jobStateLabel({ state: "running", cancelRequested: true })).toBe("cancelling…");
    expect(jobStateLabel({ state: "queued", cancelRequested: true })).toBe("cancelling…");
    expect(jobStateLabel({ state: "running", cancelRequested: false })).toBe("running");
    // Once it has stopped, the outcome is what matters.
    expect(jobStateLabel({ state: "cancelled", cancelRequested: true })).toBe("cancelled");
    expect(jobStateLabel({ state: "succeeded", cancelRequested: true })).toBe("succeeded");
  });

  it("reads a job's params defensively", () => {
    expect(jobSubjectOf({ topic: "orders.dlq", ids: ["0-1"], target: "t", ratePerSec: 5 })).toEqual({
      topic: "orders.dlq",
      target: "t",
      ratePerSec: 5,
      scope: "1 selected message",
    });
    expect(jobSubjectOf({ topic: "orders.dlq", filter: { error: "x" } }).scope).toBe("matching a filter");
    expect(jobSubjectOf({ topic: "orders.dlq" }).scope).toBe("all pending");
    expect(jobSubjectOf(null)).toEqual({ topic: null, target: null, ratePerSec: null, scope: null });
    expect(jobSubjectOf("junk").topic).toBeNull();
  });

  it("finds the requeues of one DLQ", () => {
    expect(isRequeueOf(job(), "local", "orders.dlq")).toBe(true);
    expect(isRequeueOf(job(), "other", "orders.dlq")).toBe(false);
    expect(isRequeueOf(job({ kind: "replay" }), "local", "orders.dlq")).toBe(false);
  });
});
