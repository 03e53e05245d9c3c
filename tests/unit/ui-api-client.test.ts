import { describe, expect, it } from "vitest";
import { ApiError, apiUrl, toApiError } from "@/lib/client/api-client";
import { shouldRetryQuery } from "@/lib/client/query-config";
import { queryKeys } from "@/lib/query-keys";

describe("toApiError", () => {
  it("reads the API's error body", () => {
    const error = toApiError(503, "Service Unavailable", {
      error: { code: "broker-unavailable", message: "connection refused to localhost:9092" },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "broker-unavailable", message: "connection refused to localhost:9092" });
  });
  it("keeps the field a validation error names", () => {
    expect(toApiError(422, "", { error: { code: "invalid-input", message: "brokers: expected host:port", field: "brokers" } }).field).toBe(
      "brokers",
    );
    expect(
      toApiError(422, "", { error: { code: "invalid-input", message: "bad", issues: [{ path: ["servers", 0], message: "x" }] } }).field,
    ).toBe("servers");
    expect(toApiError(400, "", { error: { code: "invalid-input", message: "bad" } }).isValidation).toBe(true);
  });
  it("copes with bodies that are not the API's", () => {
    expect(toApiError(502, "Bad Gateway", "<html>nginx</html>").message).toBe("Request failed with HTTP 502 Bad Gateway");
    expect(toApiError(500, "", undefined).message).toBe("Request failed with HTTP 500");
    expect(toApiError(500, "", "upstream timed out").message).toBe("upstream timed out");
    expect(toApiError(500, "", { error: "plain string" }).message).toBe("plain string");
    expect(toApiError(404, "", { error: { code: "not-found" } }).message).toBe("Request failed with HTTP 404");
  });
});

describe("apiUrl", () => {
  it("drops empty query values", () => {
    expect(apiUrl("/clusters/a/consumers", { q: "", limit: 50, cursor: null })).toBe("/api/v1/clusters/a/consumers?limit=50");
    expect(apiUrl("/clusters")).toBe("/api/v1/clusters");
    expect(apiUrl("/x", { q: "a b&c", partition: 0 })).toBe("/api/v1/x?q=a+b%26c&partition=0");
  });
});

describe("shouldRetryQuery", () => {
  it("does not retry client errors or a down broker", () => {
    expect(shouldRetryQuery(0, new ApiError(404, "not-found", "x"))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(503, "broker-unavailable", "x"))).toBe(false);
  });
  it("retries other failures once", () => {
    expect(shouldRetryQuery(0, new ApiError(0, "network-error", "x"))).toBe(true);
    expect(shouldRetryQuery(1, new ApiError(500, "internal", "x"))).toBe(false);
    expect(shouldRetryQuery(0, new Error("x"))).toBe(true);
  });
});

describe("queryKeys", () => {
  it("nests every key under its cluster", () => {
    const params = { partition: null, from: null, since: null, limit: 50, q: "" };
    expect(queryKeys.topic("c", "t")).toEqual(["clusters", "c", "topics", "t"]);
    expect(queryKeys.messages("c", "t", params).slice(0, 4)).toEqual(queryKeys.topic("c", "t"));
    expect(queryKeys.consumer("c", "g").slice(0, 3)).toEqual(queryKeys.consumers("c"));
    expect(queryKeys.consumerPage("c", { q: "", limit: 50, cursor: null }).slice(0, 3)).toEqual(queryKeys.consumers("c"));
    for (const key of [queryKeys.cluster("c"), queryKeys.topics("c"), queryKeys.consumers("c")]) {
      expect(key.slice(0, 1)).toEqual(queryKeys.clusters());
    }
  });
});
