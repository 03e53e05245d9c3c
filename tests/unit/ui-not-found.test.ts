import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/api-client";
import { isNotFoundError, pollUnlessNotFound } from "@/lib/client/query-config";

describe("pollUnlessNotFound", () => {
  const poll = pollUnlessNotFound(5_000);
  it("stops polling once the API said 404", () => {
    expect(poll({ state: { error: new ApiError(404, "not-found", 'topic "x" not found') } })).toBe(false);
    expect(isNotFoundError(new ApiError(404, "not-found", "gone"))).toBe(true);
  });
  it("keeps polling through other errors (a down broker comes back)", () => {
    expect(poll({ state: { error: null } })).toBe(5_000);
    expect(poll({ state: { error: new ApiError(503, "broker-unavailable", "down") } })).toBe(5_000);
    expect(poll({ state: { error: new ApiError(0, "network", "unreachable") } })).toBe(5_000);
    expect(pollUnlessNotFound(undefined)({ state: { error: null } })).toBe(false);
  });
});
