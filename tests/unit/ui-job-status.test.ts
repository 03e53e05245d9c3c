import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/contract/jobs";
import { formatTime } from "@/lib/client/format";
import { isJobPaused, jobFailedText, jobFailureLines, jobFailuresSummary, jobPausedText, jobStatusText } from "@/lib/client/job-status";

// The sentences the jobs list, the job page and the DLQ/replay progress panels show for a job the
// broker refused (failed), a job waiting for its broker (paused), and messages that were not sent.
const job = (extra: Partial<Job> = {}): Job => ({
  id: "j1",
  kind: "requeue",
  state: "running",
  clusterId: "local",
  total: 10,
  done: 0,
  failed: 0,
  createdBy: "alice",
  createdAt: "2026-12-06T21:00:00.000Z",
  startedAt: "2026-12-06T21:00:01.000Z",
  finishedAt: null,
  params: { topic: "orders.dlq" },
  cancelRequested: false,
  ...extra,
});

const utc = (iso: string) => formatTime(iso, { zone: "utc" });

describe("paused", () => {
  const paused = job({ pausedSince: "2026-12-06T21:40:05.000Z", pausedReason: "broker unavailable: connect ECONNREFUSED 127.0.0.1:9" });

  it("says since when (in the console's time format) and why, without repeating 'broker unavailable'", () => {
    expect(isJobPaused(paused)).toBe(true);
    expect(jobPausedText(paused, utc)).toBe("paused: broker unavailable since 2026-12-06 21:40:05 UTC (connect ECONNREFUSED 127.0.0.1:9)");
    expect(jobStatusText(paused, utc)).toBe(jobPausedText(paused, utc));
  });

  it("writes the time in the zone it is given (the UTC/local switch), never UTC regardless", () => {
    const local = (iso: string) => formatTime(iso, { zone: "local" });
    const since = "2026-12-06T21:40:05.000Z";
    expect(jobPausedText(paused, local)).toBe(`paused: broker unavailable since ${formatTime(since, { zone: "local" })} (connect ECONNREFUSED 127.0.0.1:9)`);
    expect(jobStatusText(paused, local)).toMatch(/since 2026-12-0[67] \d\d:\d\d:05 [+-]\d\d:\d\d /);
  });

  it("uses the given time format and keeps a reason without the usual prefix whole", () => {
    expect(jobPausedText(job({ pausedSince: "2026-12-06T21:40:05.000Z", pausedReason: "no leader" }), (iso) => `<${iso}>`)).toBe(
      "paused: broker unavailable since <2026-12-06T21:40:05.000Z> (no leader)",
    );
    expect(jobPausedText(job({ pausedSince: "2026-12-06T21:40:05.000Z", pausedReason: "" }), utc)).toBe("paused: broker unavailable since 2026-12-06 21:40:05 UTC");
  });

  it("is not paused without pausedSince, or once the job is no longer running", () => {
    expect(isJobPaused(job())).toBe(false);
    expect(jobPausedText(job(), utc)).toBeNull();
    expect(jobPausedText({ ...paused, state: "cancelled" }, utc)).toBeNull();
    expect(jobStatusText(job(), utc)).toBeNull();
  });
});

describe("failed", () => {
  it("gives the server's reason", () => {
    const failed = job({ state: "failed", error: "refused by Kafka: the message is larger than max.message.bytes (MESSAGE_TOO_LARGE)" });
    expect(jobFailedText(failed)).toBe("failed: refused by Kafka: the message is larger than max.message.bytes (MESSAGE_TOO_LARGE)");
    expect(jobStatusText(failed, utc)).toBe(jobFailedText(failed));
  });

  it("says 'failed' alone without a reason, and nothing for other states", () => {
    expect(jobFailedText(job({ state: "failed" }))).toBe("failed");
    expect(jobFailedText(job({ state: "failed", error: "  " }))).toBe("failed");
    expect(jobFailedText(job({ state: "succeeded", error: "stale" }))).toBeNull();
    expect(jobFailedText(job({ state: "running" }))).toBeNull();
  });
});

describe("failure reasons", () => {
  const failures = [
    { reason: "target $JS.API.STREAM.DELETE.X is reserved", count: 1 },
    { reason: "no stream captures orders.gone", count: 1200 },
    { reason: "ignored", count: 0 },
  ];

  it("lists reasons with counts, most frequent first, with singular and plural", () => {
    expect(jobFailureLines(failures).map((line) => line.text)).toEqual([
      "1,200 messages: no stream captures orders.gone",
      "1 message: target $JS.API.STREAM.DELETE.X is reserved",
    ]);
    expect(jobFailureLines(undefined)).toEqual([]);
  });

  it("summarises them for a table cell", () => {
    expect(jobFailuresSummary(failures)).toBe("no stream captures orders.gone (1,200) · target $JS.API.STREAM.DELETE.X is reserved (1)");
    expect(jobFailuresSummary(failures, 1)).toBe("no stream captures orders.gone (1,200) · 1 more");
    expect(jobFailuresSummary([])).toBeNull();
  });
});

describe("partly failed", () => {
  it("says how many of the job's messages were not sent when it ended with some refused", () => {
    const partly = job({ state: "succeeded", done: 3, failed: 2, failures: [{ reason: "target refused", count: 2 }] });
    expect(jobStatusText(partly, utc)).toBe("partly failed: 2 of 5 messages not sent");
  });

  it("says nothing for a job that sent everything, or one still running", () => {
    expect(jobStatusText(job({ state: "succeeded", done: 5 }), utc)).toBeNull();
    expect(jobStatusText(job({ state: "running", done: 3, failed: 2 }), utc)).toBeNull();
  });
});
