import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, substituteEnv } from "@/lib/config/load-config";

const valid = {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: ["localhost:9092"] },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: ["nats://127.0.0.1:4222"] },
  ],
  idempotency: [{ id: "orders-redis", kind: "redis", url: "redis://127.0.0.1:6379", pattern: "processed:*" }],
};

describe("parseConfig", () => {
  it("accepts the example of API.md", () => {
    const config = parseConfig(JSON.stringify(valid), "test.json");
    expect(config.clusters.map((cluster) => cluster.id)).toEqual(["local-kafka", "local-nats"]);
  });

  it("names the bad field", () => {
    const bad = structuredClone(valid);
    bad.clusters[0].brokers = ["localhost"];
    expect(() => parseConfig(JSON.stringify(bad), "test.json")).toThrow(/clusters\[0\]\.brokers\[0\]: expected host:port/);
  });

  it("rejects unknown kinds, duplicate ids and broken JSON clearly", () => {
    expect(() => parseConfig(JSON.stringify({ clusters: [{ id: "x", name: "x", kind: "rabbit" }] }), "f")).toThrow(/clusters\[0\]\.kind/);
    const duplicate = { clusters: [valid.clusters[0], valid.clusters[0]] };
    expect(() => parseConfig(JSON.stringify(duplicate), "f")).toThrow(/clusters\[1\]\.id: duplicate cluster id "local-kafka"/);
    expect(() => parseConfig("{", "f")).toThrow(ConfigError);
  });

  it("substitutes ${VAR} references and reports missing ones", () => {
    expect(substituteEnv({ a: ["${PASS}"] }, { PASS: "s3cret" })).toEqual({ a: ["s3cret"] });
    expect(() => substituteEnv({ sasl: { password: "${NOPE}" } }, {})).toThrow(/sasl\.password: environment variable NOPE is not set/);
  });
});
