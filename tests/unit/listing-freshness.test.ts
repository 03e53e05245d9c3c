import { describe, expect, it } from "vitest";
import { freshForListings, listingMaxAgeMs } from "@/lib/clusters/listing-freshness";

// Listings answer from the sampler's snapshot while it is "fresh": three intervals, stretched to two
// cycles plus an interval when cycles are slower than the interval (a loaded machine or a very large
// cluster), so that listings do not all fall back to the broker exactly when it is most expensive.
describe("listingMaxAgeMs", () => {
  it("is three intervals while cycles are quicker than that", () => {
    expect(listingMaxAgeMs(5_000, undefined)).toBe(15_000);
    expect(listingMaxAgeMs(5_000, 400)).toBe(15_000);
    expect(listingMaxAgeMs(5_000, 5_000)).toBe(15_000);
  });

  it("stretches to two cycles plus an interval when cycles are slow", () => {
    expect(listingMaxAgeMs(5_000, 16_000)).toBe(37_000);
    expect(listingMaxAgeMs(1_000, 2_500)).toBe(6_000);
  });

  it("ignores a cycle time that is not a positive number", () => {
    expect(listingMaxAgeMs(5_000, Number.NaN)).toBe(15_000);
    expect(listingMaxAgeMs(5_000, -1)).toBe(15_000);
    expect(listingMaxAgeMs(5_000, Number.POSITIVE_INFINITY)).toBe(15_000);
  });
});

describe("freshForListings", () => {
  const now = 1_000_000;
  it("takes a snapshot younger than the bound, not one at or past it", () => {
    expect(freshForListings(now - 14_999, now, 5_000, 300)).toBe(true);
    expect(freshForListings(now - 15_000, now, 5_000, 300)).toBe(false);
    // 20 s old: stale for a sampler whose cycles take 0.3 s, fresh for one whose cycles take 16 s.
    expect(freshForListings(now - 20_000, now, 5_000, 300)).toBe(false);
    expect(freshForListings(now - 20_000, now, 5_000, 16_000)).toBe(true);
  });
});
