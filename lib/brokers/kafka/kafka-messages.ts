import "server-only";
import { invalidInput } from "@/lib/errors";
import type { RawMessage, ReadMessagesQuery, ReadMessagesResult, TopicDetail } from "../types";
import type { KafkaClients } from "./kafka-client";
import type { FetchedRecord } from "./internal-cluster";

const FETCH_BYTES_PER_PARTITION = 1024 * 1024;
const MAX_FETCH_ROUNDS = 20;

interface PartitionCursor {
  partition: number;
  offset: number;
  high: number;
  wanted: number;
  records: RawMessage[];
}

/**
 * Reads messages without joining a consumer group (no rebalance, nothing committed): plain Fetch
 * requests to each partition's leader. One partition pages forward from `from`; without a start,
 * the newest messages are shown.
 */
export async function readKafkaMessages(
  clients: KafkaClients,
  detail: TopicDetail,
  query: ReadMessagesQuery,
): Promise<ReadMessagesResult> {
  const partitions =
    query.partition === undefined ? detail.partitions : detail.partitions.filter((p) => p.partition === query.partition);
  if (partitions.length === 0) throw invalidInput("partition", `topic "${detail.name}" has no partition ${query.partition}`);

  const perPartition = Math.max(1, Math.ceil(query.limit / partitions.length));
  const starts = await startOffsets(clients, detail.name, partitions, query, perPartition);
  const cursors: PartitionCursor[] = partitions.map((p) => ({
    partition: p.partition,
    offset: starts.get(p.partition) ?? p.high,
    high: p.high,
    wanted: perPartition,
    records: [],
  }));

  await clients.cluster.addMultipleTargetTopics([detail.name]);
  for (let round = 0; round < MAX_FETCH_ROUNDS; round++) {
    const open = cursors.filter((cursor) => cursor.records.length < cursor.wanted && cursor.offset < cursor.high);
    if (open.length === 0) break;
    await fetchRound(clients, detail.name, open);
  }

  const messages = cursors.flatMap((cursor) => cursor.records);
  if (query.partition !== undefined) {
    const [cursor] = cursors;
    const last = cursor.records.at(-1);
    const nextOffset = last ? last.offset + 1 : cursor.offset;
    return { messages, next: nextOffset < cursor.high ? { partition: cursor.partition, offset: nextOffset } : undefined };
  }
  messages.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition || a.offset - b.offset);
  return { messages: messages.slice(-query.limit) };
}

async function startOffsets(
  clients: KafkaClients,
  topic: string,
  partitions: TopicDetail["partitions"],
  query: ReadMessagesQuery,
  perPartition: number,
): Promise<Map<number, number>> {
  const starts = new Map<number, number>();
  if (query.since) {
    const [found] = await clients.cluster.fetchTopicsOffset([
      { topic, fromTimestamp: query.since.getTime(), partitions: partitions.map((p) => ({ partition: p.partition })) },
    ]);
    for (const p of partitions) {
      const offset = Number(found?.partitions.find((entry) => entry.partition === p.partition)?.offset ?? -1);
      starts.set(p.partition, offset < 0 ? p.high : Math.max(offset, p.low));
    }
    return starts;
  }
  for (const p of partitions) {
    const start = query.from !== undefined ? Math.max(query.from, p.low) : Math.max(p.low, p.high - perPartition);
    starts.set(p.partition, start);
  }
  return starts;
}

async function fetchRound(clients: KafkaClients, topic: string, open: PartitionCursor[]): Promise<void> {
  const byLeader = clients.cluster.findLeaderForPartitions(
    topic,
    open.map((cursor) => cursor.partition),
  );
  await Promise.all(
    Object.entries(byLeader).map(async ([nodeId, partitionIds]) => {
      const broker = await clients.cluster.findBroker({ nodeId });
      const mine = open.filter((cursor) => partitionIds.includes(cursor.partition));
      const { responses } = await broker.fetch({
        replicaId: -1,
        isolationLevel: 1, // read committed: aborted transactional records are never shown
        maxWaitTime: 100,
        minBytes: 1,
        maxBytes: FETCH_BYTES_PER_PARTITION * mine.length,
        topics: [
          {
            topic,
            partitions: mine.map((cursor) => ({
              partition: cursor.partition,
              fetchOffset: String(cursor.offset),
              maxBytes: FETCH_BYTES_PER_PARTITION,
            })),
          },
        ],
      });
      for (const response of responses) {
        for (const fetched of response.partitions) {
          const cursor = mine.find((candidate) => candidate.partition === fetched.partition);
          if (cursor) absorb(cursor, fetched.messages);
        }
      }
    }),
  );
}

function absorb(cursor: PartitionCursor, records: FetchedRecord[]): void {
  let advanced = false;
  for (const record of records) {
    const offset = Number(record.offset);
    // A fetch returns whole batches, which may begin before the requested offset.
    if (offset < cursor.offset) continue;
    advanced = true;
    cursor.offset = offset + 1;
    if (record.isControlRecord || cursor.records.length >= cursor.wanted) continue;
    cursor.records.push(toRawMessage(cursor.partition, record));
  }
  // An empty answer below the high watermark means a gap (compaction, transaction markers): step on.
  if (!advanced) cursor.offset = cursor.high;
}

function toRawMessage(partition: number, record: FetchedRecord): RawMessage {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? Buffer.concat(value) : Buffer.from(value);
  }
  return {
    partition,
    offset: Number(record.offset),
    timestamp: toIsoTime(record.timestamp),
    key: record.key ? Buffer.from(record.key) : null,
    headers,
    value: record.value ? Buffer.from(record.value) : null,
  };
}

function toIsoTime(timestamp: string): string {
  const millis = Number(timestamp);
  return Number.isFinite(millis) && millis >= 0 ? new Date(millis).toISOString() : new Date(0).toISOString();
}
