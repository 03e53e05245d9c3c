import { describe, expect, it } from "vitest";
import { consumerNameProblem, parseDeliveries, parseIdle } from "@/lib/client/pending-form";
import { kindInfo } from "@/lib/brokers/kinds";

// The pending-entries panel's own checks (the server checks again): what a claim's consumer name and
// "idle longer than N" may be, and which kinds show the panel.
describe("pending entries form", () => {
  it("refuses consumer names that would create a consumer by mistake", () => {
    expect(consumerNameProblem("worker-2")).toBeNull();
    expect(consumerNameProblem("")).toMatch(/Name the consumer/);
    expect(consumerNameProblem(" worker")).toMatch(/space/);
    expect(consumerNameProblem("worker\t")).toMatch(/control|space/);
    expect(consumerNameProblem("wor\u0000ker")).toMatch(/control/);
    expect(consumerNameProblem("w".repeat(257))).toMatch(/256/);
  });

  it("reads idle times within 1 ms .. 365 days", () => {
    expect(parseIdle("5", "min")).toEqual({ ms: 300_000 });
    expect(parseIdle("1.5", "s")).toEqual({ ms: 1_500 });
    for (const bad of ["", "0", "-1", "1e3", "abc", "5 min", "0.0001"]) expect(parseIdle(bad, "s"), bad).toHaveProperty("problem");
    expect(parseIdle("9000", "h")).toHaveProperty("problem");
  });

  it("reads a delivery count of 1 or more", () => {
    expect(parseDeliveries(" 3 ")).toEqual({ count: 3 });
    for (const bad of ["0", "", "-2", "1.5", "1e3", "9999999999"]) expect(parseDeliveries(bad), bad).toHaveProperty("problem");
  });

  it("is shown for the kinds whose groups keep pending entries only", () => {
    expect(kindInfo("redis-streams").capabilities.keepsPendingEntries).toBe(true);
    for (const kind of ["kafka", "nats", "rabbitmq"] as const) expect(kindInfo(kind).capabilities.keepsPendingEntries).toBe(false);
  });
});
