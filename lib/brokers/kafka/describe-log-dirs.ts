import "server-only";
import { FlexibleReader, FlexibleWriter } from "./flexible-codec";
import { offeredVersions, sendOwnRequest, type KafkaInternalBroker, type KafkaInternalCluster } from "./internal-cluster";

// Kafka reports how many bytes a partition takes on disk only through DescribeLogDirs (API key 35),
// which kafkajs 2.2.4 does not have. This file encodes and decodes it itself, as offset-fetch-batched
// does for OffsetFetch v8, and sends it on kafkajs's connection to each broker. Only the flexible
// versions (v2-v4, Kafka 2.6+) are implemented: the request body is the same in all three, the
// response gains a top-level error code in v3 and per-log-dir disk totals in v4. A broker that offers
// none of them, refuses (no DESCRIBE on the cluster), fails or times out leaves its partitions'
// sizes unknown (null), never 0, and never fails the caller.
//
// The size is that of the partition's segment files: record batches as stored (batch and record
// headers, compressed), so not the sum of payloads. It drops when retention deletes segments.

const DESCRIBE_LOG_DIRS_API_KEY = 35;
const LOWEST_VERSION = 2;
const HIGHEST_VERSION = 4;

export interface LogDirReplica {
  topic: string;
  partition: number;
  size: number;
  /** A replica being moved to this log dir (kafka-reassign-partitions): not the live log. */
  isFuture: boolean;
}

export interface LogDirsAnswer {
  errorCode: number;
  logDirs: { logDir: string; errorCode: number; replicas: LogDirReplica[] }[];
}

/** The version to use with a broker offering `range` for DescribeLogDirs, or null if none we speak. */
export function pickDescribeLogDirsVersion(range: { minVersion: number; maxVersion: number } | undefined): number | null {
  if (!range) return null;
  const version = Math.min(range.maxVersion, HIGHEST_VERSION);
  return version >= LOWEST_VERSION && version >= range.minVersion ? version : null;
}

/** The request body (v2-v4): `null` asks for every partition the broker holds. */
export function encodeDescribeLogDirs(topics: { topic: string; partitions: number[] }[] | null): Buffer {
  const writer = new FlexibleWriter().uvarint(0); // request header tagged fields (header v2)
  if (topics === null) return writer.uvarint(0).uvarint(0).buffer; // topics: null; tagged fields
  writer.uvarint(topics.length + 1);
  for (const { topic, partitions } of topics) {
    writer.compactString(topic).uvarint(partitions.length + 1);
    for (const partition of partitions) writer.int32(partition);
    writer.uvarint(0);
  }
  return writer.uvarint(0).buffer;
}

export function decodeDescribeLogDirs(data: Buffer, version: number): LogDirsAnswer {
  const r = new FlexibleReader(data, `DescribeLogDirs v${version} response`);
  r.taggedFields(); // response header (v1)
  r.int32(); // throttle_time_ms
  const errorCode = version >= 3 ? r.int16() : 0;
  const logDirs = r.compactArray(() => {
    const dirError = r.int16();
    const logDir = r.compactNullableString() ?? "";
    const replicas: LogDirReplica[] = [];
    r.compactArray(() => {
      const topic = r.compactNullableString() ?? "";
      r.compactArray(() => {
        const partition = r.int32();
        const size = r.int64Number();
        r.int64Number(); // offset_lag (of a future replica behind the current one)
        const isFuture = r.int8() !== 0;
        r.taggedFields();
        replicas.push({ topic, partition, size, isFuture });
      });
      r.taggedFields();
    });
    if (version >= 4) {
      r.int64(); // total_bytes of the volume
      r.int64(); // usable_bytes
    }
    r.taggedFields();
    return { logDir, errorCode: dirError, replicas };
  });
  r.taggedFields();
  return { errorCode, logDirs };
}

/** One DescribeLogDirs request to this broker; null when it offers no version we speak. */
export async function describeLogDirs(
  broker: KafkaInternalBroker,
  topics: { topic: string; partitions: number[] }[] | null,
): Promise<LogDirsAnswer | null> {
  const version = pickDescribeLogDirsVersion(offeredVersions(broker, DESCRIBE_LOG_DIRS_API_KEY));
  if (version === null) return null;
  return sendOwnRequest(
    broker,
    { apiKey: DESCRIBE_LOG_DIRS_API_KEY, apiVersion: version, apiName: "DescribeLogDirs", body: encodeDescribeLogDirs(topics) },
    (data) => decodeDescribeLogDirs(data, version),
  );
}

export interface PartitionLeaders {
  topic: string;
  partitions: { partition: number; leader: number }[];
}

/**
 * Bytes per topic: the sum of its partitions' sizes as their leaders report them (so a replicated
 * partition counts once). A topic any of whose partitions has no reported size is null (unknown):
 * a partial sum would look like a drop, then a jump. Pure.
 */
export function sumLeaderSizes(topics: PartitionLeaders[], answers: Map<number, LogDirsAnswer | null>): Map<string, number | null> {
  // Broker -> topic -> partition -> size (no string per replica: 10,000s a cycle).
  const sizes = new Map<number, Map<string, Map<number, number>>>();
  for (const [nodeId, answer] of answers) {
    if (!answer || answer.errorCode !== 0) continue;
    const held = new Map<string, Map<number, number>>();
    sizes.set(nodeId, held);
    for (const dir of answer.logDirs) {
      if (dir.errorCode !== 0) continue;
      for (const replica of dir.replicas) {
        if (replica.isFuture) continue;
        let partitions = held.get(replica.topic);
        if (!partitions) held.set(replica.topic, (partitions = new Map()));
        partitions.set(replica.partition, replica.size);
      }
    }
  }
  const result = new Map<string, number | null>();
  for (const { topic, partitions } of topics) {
    let total: number | null = 0;
    for (const { partition, leader } of partitions) {
      const size = sizes.get(leader)?.get(topic)?.get(partition);
      if (size === undefined) {
        total = null;
        break;
      }
      total += size;
    }
    result.set(topic, partitions.length === 0 ? null : total);
  }
  return result;
}

/**
 * Sizes of `topics`, with one DescribeLogDirs request per leader broker, all in parallel. `everything`
 * asks each broker for all it holds (cheaper to encode than 10,000 partitions, and the broker answers
 * from memory); otherwise only the listed partitions. Never throws: what cannot be read is null.
 */
export async function fetchTopicSizes(
  cluster: KafkaInternalCluster,
  topics: PartitionLeaders[],
  { everything }: { everything: boolean },
): Promise<Map<string, number | null>> {
  const byLeader = new Map<number, Map<string, number[]>>();
  for (const { topic, partitions } of topics) {
    for (const { partition, leader } of partitions) {
      if (leader < 0) continue; // no leader now: that topic's size is unknown this time
      let wanted = byLeader.get(leader);
      if (!wanted) byLeader.set(leader, (wanted = new Map()));
      let list = wanted.get(topic);
      if (!list) wanted.set(topic, (list = []));
      list.push(partition);
    }
  }
  const answers = new Map<number, LogDirsAnswer | null>();
  try {
    // The cluster finds brokers in its own metadata, which may not cover these topics yet (a caller
    // that read them through the admin). Under kafkajs's lock: a concurrent caller adding the same
    // topics (fetchWatermarks) refreshes once, and a snapshot's fresh metadata needs no request.
    await cluster.addMultipleTargetTopics(topics.map((topic) => topic.topic));
  } catch {
    return sumLeaderSizes(topics, answers); // all unknown
  }
  await Promise.all(
    [...byLeader].map(async ([nodeId, wanted]) => {
      try {
        const broker = await cluster.findBroker({ nodeId: String(nodeId) });
        const request = everything ? null : [...wanted].map(([topic, partitions]) => ({ topic, partitions }));
        answers.set(nodeId, await describeLogDirs(broker, request));
      } catch {
        answers.set(nodeId, null); // sizes are a nicety: an unreadable broker leaves them unknown
      }
    }),
  );
  return sumLeaderSizes(topics, answers);
}
