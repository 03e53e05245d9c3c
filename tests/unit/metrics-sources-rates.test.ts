import { describe, expect, it } from "vitest";
import { counterIncrease, isFailureSpike, rateSeries, ratesOver, type OutcomePoint } from "@/lib/metrics-sources/outcome-rates";
import { conventionalTopicNames, dlqTopicsOf, topicForType } from "@/lib/metrics-sources/topic-for-type";
import { displayUrl, scrapeUrlProblem } from "@/lib/metrics-sources/scrape-url";

const at = (seconds: number, success: number, failure: number): OutcomePoint => ({ t: seconds * 1000, success, failure });

describe("rates of counters", () => {
  it("divides the increase by the time between the first and last scrape", () => {
    const rates = ratesOver([at(0, 100, 10), at(5, 110, 10), at(10, 120, 20)]);
    expect(rates.success).toBe(2);
    expect(rates.failure).toBe(1);
    expect(rates.failureRatio).toBeCloseTo(10 / 30);
  });

  it("counts from zero after a counter reset (the service restarted)", () => {
    expect(counterIncrease(500, 3)).toBe(3);
    const rates = ratesOver([at(0, 500, 50), at(10, 3, 1), at(20, 13, 1)]);
    expect(rates.successCount).toBe(13);
    expect(rates.failureCount).toBe(1);
  });

  it("has no rate from one scrape and no ratio without events", () => {
    expect(ratesOver([at(0, 5, 5)])).toMatchObject({ success: null, failure: null, failureRatio: null });
    expect(ratesOver([at(0, 5, 5), at(10, 5, 5)])).toMatchObject({ success: 0, failure: 0, failureRatio: null });
  });

  it("keeps only the points in the window", () => {
    const rates = ratesOver([at(0, 0, 0), at(50, 1000, 0), at(60, 1010, 5)], 45_000, 60_000);
    expect(rates.successCount).toBe(10);
    expect(rates.failureCount).toBe(5);
  });

  it("makes one chart point per step", () => {
    const points = Array.from({ length: 25 }, (_, index) => at(index * 5, index * 10, index));
    const series = rateSeries(points, 30_000);
    expect(series.length).toBe(4);
    for (const point of series) {
      expect(point.success).toBeCloseTo(2);
      expect(point.failure).toBeCloseTo(0.2);
      expect(point.failureRatio).toBeCloseTo(1 / 11);
    }
  });
});

describe("failure spikes", () => {
  it("is a spike when the last minute fails far more than the hour before", () => {
    const calm = Array.from({ length: 60 }, (_, index) => at(index * 60, index * 100, index * 1));
    const last = calm[calm.length - 1];
    const points = [...calm, at(3600, last.success + 50, last.failure + 50)];
    expect(isFailureSpike(points, 3_600_000, 60_000)).toBe(true);
  });

  it("is no spike when a service always fails that much, or when nothing failed", () => {
    const steady = Array.from({ length: 61 }, (_, index) => at(index * 60, index * 70, index * 30));
    expect(isFailureSpike(steady, 3_600_000, 60_000)).toBe(false);
    const fine = Array.from({ length: 61 }, (_, index) => at(index * 60, index * 70, 0));
    expect(isFailureSpike(fine, 3_600_000, 60_000)).toBe(false);
  });
});

describe("the topic of a type", () => {
  it("takes the configured topic first", () => {
    expect(topicForType("order_paid", { order_paid: "payments" }, [])).toEqual({ topic: "payments", from: "config" });
  });

  it("finds a topic named by convention, only if the cluster has it, and never a DLQ", () => {
    expect(conventionalTopicNames("order.created")).toContain("orders.created");
    expect(topicForType("order.created", undefined, ["orders.created", "orders.created.dlq"])).toEqual({ topic: "orders.created", from: "convention" });
    expect(topicForType("order_paid", undefined, ["orders.paid"])).toEqual({ topic: "orders.paid", from: "convention" });
    expect(topicForType("order_paid", undefined, ["payments"])).toBeNull();
    expect(topicForType("order", undefined, ["dlq.orders"])).toBeNull();
  });

  it("lists the DLQs of a topic by their names", () => {
    expect(dlqTopicsOf("orders.created", ["orders.created", "orders.created.dlq", "dlq.orders.created", "other.dlq"])).toEqual([
      "orders.created.dlq",
      "dlq.orders.created",
    ]);
  });
});

describe("scrape URLs", () => {
  it("accepts http and https only", () => {
    expect(scrapeUrlProblem("http://127.0.0.1:9464/metrics")).toBeNull();
    expect(scrapeUrlProblem("https://svc.example/metrics")).toBeNull();
    expect(scrapeUrlProblem("file:///etc/passwd")).toMatch(/http/);
    expect(scrapeUrlProblem("ftp://host/metrics")).toMatch(/http/);
    expect(scrapeUrlProblem("localhost:9464/metrics")).not.toBeNull();
    expect(scrapeUrlProblem("/metrics")).toMatch(/absolute/);
    expect(scrapeUrlProblem(`http://h/${"a".repeat(3000)}`)).toMatch(/longer/);
  });

  it("hides credentials when shown", () => {
    expect(displayUrl("http://user:secret@host:9464/metrics")).toBe("http://***@host:9464/metrics");
    expect(displayUrl("http://host:9464/metrics")).toBe("http://host:9464/metrics");
  });
});
