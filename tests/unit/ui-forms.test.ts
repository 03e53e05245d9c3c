import { describe, expect, it } from "vitest";
import { buildClusterInput, emptyClusterForm, fieldForServerError, formValuesFromCluster, splitList } from "@/lib/client/cluster-form";
import { buildBrowseParams, initialBrowseDraft, nextPageParams, olderPageParams } from "@/lib/client/message-browse";

describe("cluster form", () => {
  it("splits endpoint lists on commas, spaces and new lines", () => {
    expect(splitList(" a:1, b:2,,c:3 \n d:4")).toEqual(["a:1", "b:2", "c:3", "d:4"]);
    expect(splitList("")).toEqual([]);
  });
  it("builds a Kafka body", () => {
    const result = buildClusterInput({ ...emptyClusterForm, kind: "kafka", id: " prod ", name: "Prod", endpoints: "k1:9092, k2:9092", samplingIntervalMs: "" });
    expect(result).toEqual({ ok: true, input: { id: "prod", name: "Prod", kind: "kafka", brokers: ["k1:9092", "k2:9092"] } });
  });
  it("builds a NATS body with a sampling interval", () => {
    const result = buildClusterInput({ ...emptyClusterForm, kind: "nats", id: "n", name: "N", endpoints: "nats://127.0.0.1:4222", samplingIntervalMs: "5000" });
    expect(result).toEqual({
      ok: true,
      input: { id: "n", name: "N", kind: "nats", servers: ["nats://127.0.0.1:4222"], samplingIntervalMs: 5000 },
    });
  });
  it("names the missing or malformed field", () => {
    expect(buildClusterInput(emptyClusterForm)).toMatchObject({ ok: false, field: "id" });
    expect(buildClusterInput({ ...emptyClusterForm, id: "x" })).toMatchObject({ ok: false, field: "name" });
    expect(buildClusterInput({ ...emptyClusterForm, id: "x", name: "X" })).toMatchObject({ ok: false, field: "endpoints" });
    expect(buildClusterInput({ ...emptyClusterForm, id: "x", name: "X", endpoints: "k:1", samplingIntervalMs: "1.5" })).toMatchObject({
      ok: false,
      field: "samplingIntervalMs",
    });
  });
  it("fills the form from a cluster", () => {
    expect(
      formValuesFromCluster({ id: "k", name: "K", kind: "kafka", status: "up", source: "database", brokers: ["a:1", "b:2"], samplingIntervalMs: 2000 }),
    ).toEqual({ ...emptyClusterForm, kind: "kafka", id: "k", name: "K", endpoints: "a:1, b:2", samplingIntervalMs: "2000" });
    expect(
      formValuesFromCluster({ id: "r", name: "R", kind: "rabbitmq", status: "up", source: "database", url: "amqp://h:5672", managementUrl: "http://h:15672/", vhosts: ["/", "b"] }),
    ).toEqual({ ...emptyClusterForm, kind: "rabbitmq", id: "r", name: "R", endpoints: "amqp://h:5672", managementUrl: "http://h:15672/", vhosts: "/, b" });
  });
  it("builds a RabbitMQ body: one AMQP URL, the management URL, vhosts", () => {
    const base = { ...emptyClusterForm, kind: "rabbitmq" as const, id: "r", name: "R", endpoints: "amqp://127.0.0.1:5672" };
    expect(buildClusterInput({ ...base, managementUrl: " http://127.0.0.1:15672 ", vhosts: "/, orders" })).toEqual({
      ok: true,
      input: { id: "r", name: "R", kind: "rabbitmq", url: "amqp://127.0.0.1:5672", managementUrl: "http://127.0.0.1:15672", vhosts: ["/", "orders"] },
    });
    expect(buildClusterInput(base)).toMatchObject({ ok: false, field: "managementUrl" });
    expect(buildClusterInput({ ...base, endpoints: "amqp://a:5672, amqp://b:5672", managementUrl: "http://a:15672" })).toMatchObject({ ok: false, field: "endpoints", message: "url: give one URL" });
  });
  it("builds a Redis Streams body with its pattern", () => {
    const base = { ...emptyClusterForm, kind: "redis-streams" as const, id: "s", name: "S", endpoints: "redis://127.0.0.1:6379" };
    expect(buildClusterInput({ ...base, pattern: "orders*" })).toEqual({ ok: true, input: { id: "s", name: "S", kind: "redis-streams", url: "redis://127.0.0.1:6379", pattern: "orders*" } });
    expect(buildClusterInput(base)).toEqual({ ok: true, input: { id: "s", name: "S", kind: "redis-streams", url: "redis://127.0.0.1:6379" } });
  });
  it("pins server errors to fields", () => {
    expect(fieldForServerError("brokers: expected host:port")).toBe("endpoints");
    expect(fieldForServerError("brokers.0: expected host:port")).toBe("endpoints");
    expect(fieldForServerError("servers: give at least one")).toBe("endpoints");
    expect(fieldForServerError("url: give the password in its own field")).toBe("endpoints");
    expect(fieldForServerError("managementUrl: the management API's http:// or https:// URL")).toBe("managementUrl");
    expect(fieldForServerError("samplingIntervalMs: too small")).toBe("samplingIntervalMs");
    expect(fieldForServerError("id: use letters, digits")).toBe("id");
    expect(fieldForServerError("something odd", "name")).toBe("name");
    expect(fieldForServerError("cluster prod already exists")).toBeNull();
  });
});

describe("message browse form", () => {
  it("defaults to all partitions", () => {
    expect(buildBrowseParams(initialBrowseDraft)).toEqual({
      ok: true,
      params: { partition: null, from: null, since: null, limit: 50, q: "" },
    });
  });
  it("parses partition, offset, time and text", () => {
    const since = new Date(2024, 4, 1, 14, 3);
    const result = buildBrowseParams({ partition: "3", from: " 1200 ", since: "2024-05-01T14:03", limit: 100, q: " order 1001 " });
    expect(result).toEqual({
      ok: true,
      params: { partition: 3, from: 1200, since: since.toISOString(), limit: 100, q: "order 1001" },
    });
  });
  it("rejects bad offsets, times and limits", () => {
    expect(buildBrowseParams({ ...initialBrowseDraft, from: "-1" })).toMatchObject({ ok: false, field: "from" });
    expect(buildBrowseParams({ ...initialBrowseDraft, from: "12abc" })).toMatchObject({ ok: false, field: "from" });
    expect(buildBrowseParams({ ...initialBrowseDraft, from: "99999999999999999999" })).toMatchObject({ ok: false, field: "from" });
    expect(buildBrowseParams({ ...initialBrowseDraft, since: "nope" })).toMatchObject({ ok: false, field: "since" });
    expect(buildBrowseParams({ ...initialBrowseDraft, limit: 1000 })).toMatchObject({ ok: false, field: "limit" });
  });
  it("follows the server's next cursor, keeping limit and filter", () => {
    const current = { partition: null, from: null, since: "2024-01-01T00:00:00.000Z", limit: 20, q: "x" };
    expect(nextPageParams(current, { partition: 2, offset: 340 })).toEqual({ partition: 2, from: 340, since: null, limit: 20, q: "x" });
  });
});

describe("older page", () => {
  const current = { partition: 1, from: null, since: "2024-01-01T00:00:00.000Z", limit: 50, q: "" };
  it("steps back one page from the lowest offset shown", () => {
    expect(olderPageParams(current, 500, 0)).toEqual({ partition: 1, from: 450, since: null, limit: 50, q: "" });
  });
  it("stops at the partition's low watermark", () => {
    expect(olderPageParams(current, 30, 10)).toMatchObject({ from: 10 });
    expect(olderPageParams(current, 10, 10)).toBeNull();
    expect(olderPageParams(current, null, 0)).toBeNull();
  });
});
