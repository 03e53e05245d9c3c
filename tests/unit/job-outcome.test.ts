import { describe, expect, it } from "vitest";
import { finishedOutcome } from "@/lib/jobs/job-outcome";

// A job that ran to its end but sent nothing because every message was refused is failed, with the
// reasons; one that sent some stays succeeded (its failures are listed beside it).
describe("finishedOutcome", () => {
  it("fails a job whose every message was refused, with the reason", () => {
    expect(finishedOutcome({ done: 0, failed: 1, failures: { "target $JS.API.X is reserved": 1 } })).toEqual({
      state: "failed",
      error: "its one message was not sent: target $JS.API.X is reserved",
    });
  });

  it("lists up to three reasons with their counts, most frequent first", () => {
    const outcome = finishedOutcome({ done: 0, failed: 10, failures: { a: 1, b: 5, c: 2, d: 2 } });
    expect(outcome).toEqual({ state: "failed", error: "none of its 10 messages was sent: b (5); c (2); d (2); 1 more reason" });
  });

  it("fails without reasons when none were recorded", () => {
    expect(finishedOutcome({ done: 0, failed: 2, failures: null })).toEqual({ state: "failed", error: "none of its 2 messages was sent" });
  });

  it("keeps succeeded when something was sent, or nothing was there to send", () => {
    expect(finishedOutcome({ done: 1, failed: 4, failures: { a: 4 } })).toEqual({ state: "succeeded" });
    expect(finishedOutcome({ done: 0, failed: 0, failures: null })).toEqual({ state: "succeeded" });
  });
});
