import "server-only";
import { offeredVersions, sendOwnRequest, type KafkaInternalBroker } from "./internal-cluster";

// ListOffsets (API key 2), encoded and decoded here and sent on kafkajs's connection to each leader,
// as offset-fetch-batched.ts does for OffsetFetch v8. kafkajs's own Cluster.fetchTopicsOffset sends
// the same one request per leader, but then merges the answers with an object spread per topic
// (`mergeTopics`), O(topics^2): at 1,000 topics that, and the garbage it leaves, was most of a
// sampling cycle. Version 3 (Kafka 2.0+; still offered by 4.x) with READ_COMMITTED isolation, which is
// what kafkajs sends by default, so the offsets are the same as kafkajs's: for "latest" the last
// stable offset (the high watermark when no transaction is open), for "earliest" the log start.
//
//   Request v3:  replica_id INT32, isolation_level INT8, [topic STRING, [partition INT32, timestamp INT64]]
//   Response v3: throttle_time_ms INT32, [topic STRING, [partition INT32, error_code INT16, timestamp INT64, offset INT64]]
//
// Non-flexible: int16-length strings and int32-length arrays. A topic may appear only once per
// request (the broker refuses duplicates), so earliest and latest are two requests per leader.

const LIST_OFFSETS_API_KEY = 2;
export const LIST_OFFSETS_VERSION = 3;
const CONSUMER_REPLICA_ID = -1;
const READ_COMMITTED = 1;
/** Kafka's special timestamps: the next offset to be written, or the first one still retained. */
export const LATEST = -1;
export const EARLIEST = -2;

export interface TopicPartitionIds {
  topic: string;
  partitions: number[];
}

export interface ListedOffsets {
  topic: string;
  partitions: { partition: number; errorCode: number; offset: number }[];
}

/** The request body of ListOffsets v3 for these partitions, all at `timestamp` (LATEST, EARLIEST). */
export function encodeListOffsetsV3(topics: TopicPartitionIds[], timestamp: number): Buffer {
  const names = topics.map((topic) => Buffer.from(topic.topic, "utf8"));
  let size = 4 + 1 + 4;
  topics.forEach((topic, index) => (size += 2 + names[index].length + 4 + topic.partitions.length * 12));
  const buffer = Buffer.alloc(size);
  let at = buffer.writeInt32BE(CONSUMER_REPLICA_ID, 0);
  at = buffer.writeInt8(READ_COMMITTED, at);
  at = buffer.writeInt32BE(topics.length, at);
  // The 64-bit timestamp as two 32-bit halves, worked out once: writeBigInt64BE allocates BigInts on
  // every call, and a cycle writes one per partition (10,000s).
  const high = Math.floor(timestamp / 2 ** 32);
  const low = timestamp - high * 2 ** 32;
  topics.forEach((topic, index) => {
    at = buffer.writeInt16BE(names[index].length, at);
    at += names[index].copy(buffer, at);
    at = buffer.writeInt32BE(topic.partitions.length, at);
    for (const partition of topic.partitions) {
      at = buffer.writeInt32BE(partition, at);
      at = buffer.writeInt32BE(high, at);
      at = buffer.writeUInt32BE(low, at);
    }
  });
  return buffer;
}

/** Decodes a ListOffsets v2/v3 response body (after kafkajs removed the correlation id). */
export function decodeListOffsetsV3(data: Buffer): ListedOffsets[] {
  let at = 0;
  const need = (bytes: number) => {
    if (at + bytes > data.length) throw new Error("ListOffsets v3 response ends early");
  };
  need(8);
  at += 4; // throttle_time_ms
  const topicCount = data.readInt32BE(at);
  at += 4;
  const topics: ListedOffsets[] = [];
  for (let t = 0; t < topicCount; t++) {
    need(2);
    const nameLength = data.readInt16BE(at);
    at += 2;
    need(nameLength + 4);
    const topic = data.toString("utf8", at, at + nameLength);
    at += nameLength;
    const partitionCount = data.readInt32BE(at);
    at += 4;
    need(partitionCount * 22);
    const partitions = new Array<ListedOffsets["partitions"][number]>(partitionCount);
    for (let p = 0; p < partitionCount; p++) {
      const partition = data.readInt32BE(at);
      const errorCode = data.readInt16BE(at + 4);
      // at + 6: timestamp (of the found offset; -1 for the special timestamps)
      // Two 32-bit halves: no BigInt per partition (exact up to 2^53, as Number() of it would round beyond).
      const offset = data.readInt32BE(at + 14) * 4_294_967_296 + data.readUInt32BE(at + 18);
      at += 22;
      partitions[p] = { partition, errorCode, offset };
    }
    topics.push({ topic, partitions });
  }
  return topics;
}

/** Whether this broker takes our ListOffsets v3. */
export function supportsOwnListOffsets(broker: KafkaInternalBroker): boolean {
  const range = offeredVersions(broker, LIST_OFFSETS_API_KEY);
  return range !== undefined && range.minVersion <= LIST_OFFSETS_VERSION && range.maxVersion >= LIST_OFFSETS_VERSION;
}

/** Partition error codes after which the caller reads metadata again, by kafkajs's names. */
const PARTITION_ERRORS: Record<number, string> = {
  3: "UNKNOWN_TOPIC_OR_PARTITION",
  5: "LEADER_NOT_AVAILABLE",
  6: "NOT_LEADER_FOR_PARTITION",
  74: "FENCED_LEADER_EPOCH",
  75: "UNKNOWN_LEADER_EPOCH",
};

export function listOffsetsError(code: number, topic: string, partition: number): Error {
  const type = PARTITION_ERRORS[code] ?? `KAFKA_ERROR_${code}`;
  return Object.assign(new Error(`ListOffsets for ${topic}[${partition}] failed with Kafka error ${code} (${type})`), { type, code });
}

/**
 * One ListOffsets request to this broker (the leader of all these partitions). Calls `found` for each
 * partition's offset; a partition error is thrown (kafkajs's name in `type`, see kafka-errors.ts).
 */
export async function listOffsets(
  broker: KafkaInternalBroker,
  topics: TopicPartitionIds[],
  timestamp: number,
  found: (topic: string, partition: number, offset: number) => void,
): Promise<void> {
  const answer = await sendOwnRequest(
    broker,
    { apiKey: LIST_OFFSETS_API_KEY, apiVersion: LIST_OFFSETS_VERSION, apiName: "ListOffsets", body: encodeListOffsetsV3(topics, timestamp) },
    decodeListOffsetsV3,
  );
  for (const { topic, partitions } of answer) {
    for (const p of partitions) {
      if (p.errorCode !== 0) throw listOffsetsError(p.errorCode, topic, p.partition);
      found(topic, p.partition, p.offset);
    }
  }
}
