// Pure parts of the Kafka cluster page (kafka-cluster-info.ts): reading the features of an
// ApiVersions v3+ answer, naming the release of a metadata.version level, and picking the broker
// settings an operator cares about. Unit-tested in tests/unit/kafka-cluster-facts.test.ts.
import type { ClusterSetting } from "../types";
import { FlexibleReader } from "./flexible-codec";

export interface ApiVersionsFeatures {
  /** Feature name -> highest level the broker software supports. */
  supported: Map<string, number>;
  /** Feature name -> level the cluster runs at (finalized by the controller). */
  finalized: Map<string, number>;
}

/** Decodes an ApiVersions v3/v4 response body (its header is v0: no tagged fields before it). */
export function decodeApiVersionsFeatures(data: Buffer): ApiVersionsFeatures {
  const r = new FlexibleReader(data, "ApiVersions response");
  const errorCode = r.int16();
  if (errorCode !== 0) throw new Error(`ApiVersions error code ${errorCode}`);
  r.compactArray(() => {
    r.int16(); // api key
    r.int16(); // min version
    r.int16(); // max version
    r.taggedFields();
  });
  r.int32(); // throttle_time_ms
  const tags = r.taggedFieldValues();
  const supported = new Map<string, number>();
  const finalized = new Map<string, number>();
  const supportedBytes = tags.get(0);
  if (supportedBytes) {
    const f = new FlexibleReader(supportedBytes, "SupportedFeatures");
    f.compactArray(() => {
      const name = f.compactNullableString() ?? "";
      f.int16(); // min version
      supported.set(name, f.int16());
      f.taggedFields();
    });
  }
  const finalizedBytes = tags.get(2);
  if (finalizedBytes) {
    const f = new FlexibleReader(finalizedBytes, "FinalizedFeatures");
    f.compactArray(() => {
      const name = f.compactNullableString() ?? "";
      finalized.set(name, f.int16()); // max version level
      f.int16(); // min version level
      f.taggedFields();
    });
  }
  return { supported, finalized };
}

/** metadata.version levels (Kafka's MetadataVersion enum): level -> "<release>-IV<n>". */
const METADATA_VERSIONS: Record<number, string> = {
  1: "3.0-IV1",
  2: "3.1-IV0",
  3: "3.2-IV0",
  4: "3.3-IV0",
  5: "3.3-IV1",
  6: "3.3-IV2",
  7: "3.3-IV3",
  8: "3.4-IV0",
  9: "3.5-IV0",
  10: "3.5-IV1",
  11: "3.5-IV2",
  12: "3.6-IV0",
  13: "3.6-IV1",
  14: "3.6-IV2",
  15: "3.7-IV0",
  16: "3.7-IV1",
  17: "3.7-IV2",
  18: "3.7-IV3",
  19: "3.7-IV4",
  20: "3.8-IV0",
  21: "3.9-IV0",
  22: "4.0-IV0",
  23: "4.0-IV1",
  24: "4.0-IV2",
  25: "4.0-IV3",
  26: "4.1-IV0",
  27: "4.1-IV1",
};

/** The release a metadata.version level belongs to ("4.1"), or null for a level this table lacks. */
export function kafkaReleaseOfMetadataVersion(level: number): { name: string; release: string } | null {
  const name = METADATA_VERSIONS[level];
  return name ? { name, release: name.split("-")[0] } : null;
}

/** Broker settings worth a glance, in this order, with why. */
const SETTINGS: { name: string; note: string }[] = [
  { name: "auto.create.topics.enable", note: "a typo in a producer's topic creates a topic" },
  { name: "num.partitions", note: "partitions of an auto-created topic" },
  { name: "default.replication.factor", note: "replicas of an auto-created topic" },
  { name: "min.insync.replicas", note: "acks=all writes fail below this" },
  { name: "log.retention.hours", note: "default retention (the ms and minutes forms win when set)" },
  { name: "log.retention.minutes", note: "default retention, when set" },
  { name: "log.retention.ms", note: "default retention, when set (-1: forever)" },
  { name: "log.retention.bytes", note: "default size cap per partition (-1: none)" },
  { name: "log.segment.bytes", note: "retention deletes whole segments of this size" },
  { name: "log.cleanup.policy", note: "delete or compact, by default" },
  { name: "message.max.bytes", note: "largest record batch accepted" },
  { name: "delete.topic.enable", note: "whether topics can be deleted" },
  { name: "offsets.retention.minutes", note: "committed offsets of an empty group are dropped after this" },
  { name: "process.roles", note: "KRaft roles of this node" },
];

const LISTENERS = ["listeners", "advertised.listeners"];

/** Listeners and the settings above from a broker's describeConfigs entries. */
export function pickKafkaSettings(entries: { name: string; value: string | null; isDefault: boolean }[]): {
  listeners: { name: string; value: string }[];
  settings: ClusterSetting[];
} {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const listeners = LISTENERS.flatMap((name) => {
    const value = byName.get(name)?.value;
    return value ? [{ name, value }] : [];
  });
  const settings = SETTINGS.flatMap(({ name, note }) => {
    const entry = byName.get(name);
    if (!entry) return [];
    return [{ name, value: entry.value, source: entry.isDefault ? ("default" as const) : ("set" as const), note }];
  });
  return { listeners, settings };
}
