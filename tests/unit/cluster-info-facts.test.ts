import { describe, expect, it } from "vitest";
import { FlexibleWriter } from "@/lib/brokers/kafka/flexible-codec";
import { decodeApiVersionsFeatures, kafkaReleaseOfMetadataVersion, pickKafkaSettings } from "@/lib/brokers/kafka/kafka-cluster-facts";
import { natsAccountSettings } from "@/lib/brokers/nats/nats-cluster-info";

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

/** An ApiVersions v3 body: one api key, then the SupportedFeatures (tag 0) and FinalizedFeatures (tag 2) tags. */
function apiVersionsBody(): Buffer {
  const feature = (name: string, a: number, b: number) => Buffer.concat([new FlexibleWriter().compactString(name).buffer, int16(a), int16(b), Buffer.from([0])]);
  const supported = Buffer.concat([Buffer.from([2]), feature("metadata.version", 1, 27)]);
  const finalized = Buffer.concat([Buffer.from([3]), feature("metadata.version", 25, 25), feature("kraft.version", 1, 1)]);
  return Buffer.concat([
    int16(0), // error code
    Buffer.from([2]), // one api key
    int16(18),
    int16(0),
    int16(4),
    Buffer.from([0]),
    Buffer.alloc(4), // throttle
    Buffer.from([3]), // three tagged fields
    Buffer.from([0, supported.length]),
    supported,
    Buffer.from([1, 8]),
    Buffer.alloc(8), // finalized features epoch
    Buffer.from([2, finalized.length]),
    finalized,
  ]);
}

describe("Kafka cluster facts", () => {
  it("reads supported and finalized features from ApiVersions v3", () => {
    const features = decodeApiVersionsFeatures(apiVersionsBody());
    expect(features.supported.get("metadata.version")).toBe(27);
    expect(features.finalized.get("metadata.version")).toBe(25);
    expect(features.finalized.get("kraft.version")).toBe(1);
  });

  it("names the release of a metadata.version level, and admits an unknown one", () => {
    expect(kafkaReleaseOfMetadataVersion(27)).toEqual({ name: "4.1-IV1", release: "4.1" });
    expect(kafkaReleaseOfMetadataVersion(21)).toEqual({ name: "3.9-IV0", release: "3.9" });
    expect(kafkaReleaseOfMetadataVersion(999)).toBeNull();
  });

  it("picks listeners and the settings that matter, saying which are defaults", () => {
    const picked = pickKafkaSettings([
      { name: "listeners", value: "PLAINTEXT://:9092", isDefault: false },
      { name: "advertised.listeners", value: null, isDefault: true },
      { name: "auto.create.topics.enable", value: "true", isDefault: true },
      { name: "log.retention.hours", value: "168", isDefault: true },
      { name: "ssl.keystore.password", value: null, isDefault: true },
    ]);
    expect(picked.listeners).toEqual([{ name: "listeners", value: "PLAINTEXT://:9092" }]);
    expect(picked.settings.map((setting) => [setting.name, setting.value, setting.source])).toEqual([
      ["auto.create.topics.enable", "true", "default"],
      ["log.retention.hours", "168", "default"],
    ]);
  });
});

describe("NATS account settings", () => {
  it("lists usage next to limits, -1 as unlimited", () => {
    const rows = natsAccountSettings({
      memory: 0,
      storage: 2048,
      streams: 3,
      consumers: 5,
      limits: { max_memory: -1, max_storage: 1_000_000, max_streams: -1, max_consumers: 10, max_ack_pending: -1, memory_max_stream_bytes: -1, storage_max_stream_bytes: -1, max_bytes_required: false },
      api: { total: 12, errors: 1 },
    });
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName.storage).toMatchObject({ value: "2048", source: "usage" });
    expect(byName.max_storage).toMatchObject({ value: "1000000", source: "limit" });
    expect(byName.max_streams.value).toBe("unlimited");
    expect(byName.max_consumers.value).toBe("10");
  });
});
