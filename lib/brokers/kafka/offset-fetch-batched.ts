import "server-only";
import { FlexibleReader, FlexibleWriter } from "./flexible-codec";
import { offeredVersions, sendOwnRequest, type KafkaInternalBroker } from "./internal-cluster";

// OffsetFetch v8 (KIP-709, Kafka 3.0+) reads the committed offsets of many groups in one request.
// kafkajs 2.2.4 speaks OffsetFetch only up to v4 (one group per request), so 1,000 groups cost
// 1,000 requests a cycle. This file encodes and decodes v8 itself, with kafkajs's own encoder and
// decoder, and sends it on the broker's connection; brokers that do not offer v8 keep the
// one-group-per-request path (kafka-groups.ts). v8 is a "flexible" version: compact strings and
// arrays, tagged fields, and a tagged-field buffer in the request and response headers. kafkajs
// writes the older header, so the body starts with the header's empty tagged fields (as kafkajs's
// own flexible requests do), and the response decoder skips them.

const OFFSET_FETCH_API_KEY = 9;
const BATCHED_VERSION = 8;
/** Groups per request: keeps a response at a few hundred kilobytes. */
export const GROUPS_PER_OFFSET_FETCH = 500;

/** The error codes after which a group's coordinator is looked up again, by kafkajs's names. */
const COORDINATOR_ERRORS: Record<number, string> = {
  14: "GROUP_LOAD_IN_PROGRESS",
  15: "GROUP_COORDINATOR_NOT_AVAILABLE",
  16: "NOT_COORDINATOR_FOR_GROUP",
};

function protocolError(code: number, what: string): Error {
  const type = COORDINATOR_ERRORS[code] ?? `KAFKA_ERROR_${code}`;
  return Object.assign(new Error(`OffsetFetch for ${what} failed with Kafka error ${code} (${type})`), { type, code });
}

/**
 * One topic of a group, by column: `offsets[i]` is partition `partitions[i]`'s (-1: no commit).
 * Columns, not an object per partition: a cycle decodes 60,000 of them at scale, and they live
 * across the cycle's broker round trips (so each object would be promoted, then collected).
 */
export interface TopicOffsets {
  topic: string;
  partitions: number[];
  offsets: number[];
  /** The first partition error, if any (the caller refuses the answer). */
  error?: { partition: number; code: number };
}

export interface GroupOffsets {
  groupId: string;
  errorCode: number;
  topics: TopicOffsets[];
}

/** The request body: every committed partition (topics: null) of each group. */
export function encodeOffsetFetchV8(groupIds: string[]): Buffer {
  const writer = new FlexibleWriter().uvarint(0); // request header tagged fields (header v2)
  writer.uvarint(groupIds.length + 1);
  for (const groupId of groupIds) writer.compactString(groupId).uvarint(0).uvarint(0); // topics: null (all); tagged fields
  return writer.int8(0).uvarint(0).buffer; // require_stable false; tagged fields
}

export function decodeOffsetFetchV8(data: Buffer): GroupOffsets[] {
  const r = new FlexibleReader(data, "OffsetFetch v8 response");
  r.taggedFields(); // response header (v1)
  r.int32(); // throttle_time_ms
  const groups = r.compactArray(() => {
    const groupId = r.compactNullableString() ?? "";
    const topics = r.compactArray((): TopicOffsets => {
      const entry: TopicOffsets = { topic: r.compactNullableString() ?? "", partitions: [], offsets: [] };
      const count = r.uvarint() - 1; // compact array: length + 1, 0 for null
      for (let i = 0; i < count; i++) {
        const partition = r.int32();
        entry.partitions.push(partition);
        entry.offsets.push(r.int64Number());
        r.int32(); // committed_leader_epoch
        r.compactNullableString(); // metadata
        const errorCode = r.int16();
        if (errorCode !== 0 && !entry.error) entry.error = { partition, code: errorCode };
        r.taggedFields();
      }
      r.taggedFields();
      return entry;
    });
    const errorCode = r.int16();
    r.taggedFields();
    return { groupId, errorCode, topics };
  });
  r.taggedFields();
  return groups;
}

/** Whether this broker takes many groups in one OffsetFetch. */
export function supportsBatchedOffsetFetch(broker: KafkaInternalBroker): boolean {
  const range = offeredVersions(broker, OFFSET_FETCH_API_KEY);
  return range !== undefined && range.minVersion <= BATCHED_VERSION && range.maxVersion >= BATCHED_VERSION;
}

/**
 * Committed offsets of `groupIds` (all coordinated by this broker) in one request. A group-level
 * error (e.g. NOT_COORDINATOR: the group moved) is thrown as kafkajs's error for that code, so the
 * caller looks the coordinator up again as it does for the one-group requests.
 */
export async function offsetFetchBatched(broker: KafkaInternalBroker, groupIds: string[]): Promise<GroupOffsets[]> {
  const groups = await sendOwnRequest(
    broker,
    { apiKey: OFFSET_FETCH_API_KEY, apiVersion: BATCHED_VERSION, apiName: "OffsetFetch", body: encodeOffsetFetchV8(groupIds) },
    decodeOffsetFetchV8,
  );
  for (const group of groups) {
    if (group.errorCode !== 0) throw protocolError(group.errorCode, `group "${group.groupId}"`);
    for (const topic of group.topics) {
      if (topic.error) throw protocolError(topic.error.code, `group "${group.groupId}", ${topic.topic}[${topic.error.partition}]`);
    }
  }
  return groups;
}
