import "server-only";
import { invalidInput } from "@/lib/errors";
import type { ScanMessagesRequest, ScanMessagesResult, ScannedMessage, TopicDetail } from "../types";
import type { FetchedRecord } from "./internal-cluster";
import type { KafkaClients } from "./kafka-client";

// Server-side search reads whole partitions forward, so it asks for much more per Fetch than a page
// read does, and overlaps the next Fetch with scanning the current answer (kafkajs decodes a response
// before handing it over, so the broker and the network work while we match).
const SCAN_BYTES_PER_PARTITION = 4 * 1024 * 1024;
const SCAN_BYTES_PER_REQUEST = 32 * 1024 * 1024;
/** Records of one partition visited before the next partition's turn. */
const VISIT_CHUNK = 256;
const NO_HEADERS: Record<string, Buffer> = Object.freeze({}) as Record<string, Buffer>;

interface ScanCursor {
  partition: number;
  /** The next offset not yet handed to visit. */
  offset: number;
  /** The next offset to fetch (runs ahead of `offset` by one prefetched answer). */
  fetchOffset: number;
  /** The log end when the scan began: messages written later are left for a later search. */
  high: number;
}

interface FetchedBatch {
  records: Map<number, FetchedRecord[]>;
  /** Per partition in this answer, where the scan stands once all its records were visited. */
  after: Map<number, number>;
}

export async function scanKafkaMessages(clients: KafkaClients, detail: TopicDetail, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
  const cursors = await scanStarts(clients, detail, request);
  const topic = detail.name;
  await clients.cluster.addMultipleTargetTopics([topic]);

  // Stopped (the caller went away) while the start offsets were looked up: no Fetch at all.
  let pending = request.shouldStop() ? null : startFetch(clients, topic, cursors);
  while (pending) {
    const batch = await pending;
    pending = request.shouldStop() ? null : startFetch(clients, topic, cursors);
    if (visitBatch(batch, cursors, request)) break;
  }
  // A prefetched answer nobody will read: let it settle quietly.
  if (pending) pending.catch(() => undefined);
  return {
    remaining: cursors.filter((cursor) => cursor.offset < cursor.high).map(({ partition, offset }) => ({ partition, offset })),
  };
}

async function scanStarts(clients: KafkaClients, detail: TopicDetail, request: ScanMessagesRequest): Promise<ScanCursor[]> {
  const cursor = (partition: number, offset: number, low: number, high: number): ScanCursor => {
    const start = Math.min(Math.max(offset, low), high);
    return { partition, offset: start, fetchOffset: start, high };
  };
  if (request.resume) {
    return request.resume.map((position) => {
      const p = detail.partitions.find((candidate) => candidate.partition === position.partition);
      if (!p) throw invalidInput("cursor", `topic "${detail.name}" has no partition ${position.partition}`);
      return cursor(p.partition, position.offset, p.low, p.high);
    });
  }
  const partitions =
    request.partition === undefined ? detail.partitions : detail.partitions.filter((p) => p.partition === request.partition);
  if (partitions.length === 0) throw invalidInput("partition", `topic "${detail.name}" has no partition ${request.partition}`);
  if (request.since) {
    const [found] = await clients.cluster.fetchTopicsOffset([
      { topic: detail.name, fromTimestamp: request.since.getTime(), partitions: partitions.map((p) => ({ partition: p.partition })) },
    ]);
    return partitions.map((p) => {
      const offset = Number(found?.partitions.find((entry) => entry.partition === p.partition)?.offset ?? -1);
      return cursor(p.partition, offset < 0 ? p.high : offset, p.low, p.high);
    });
  }
  return partitions.map((p) => cursor(p.partition, request.from ?? p.low, p.low, p.high));
}

/** One Fetch per leader for every partition not fetched to its end; null when there is none. */
function startFetch(clients: KafkaClients, topic: string, cursors: ScanCursor[]): Promise<FetchedBatch> | null {
  const open = cursors.filter((cursor) => cursor.fetchOffset < cursor.high);
  if (open.length === 0) return null;
  const requested = new Map(open.map((cursor) => [cursor.partition, cursor.fetchOffset]));
  const byLeader = clients.cluster.findLeaderForPartitions(
    topic,
    open.map((cursor) => cursor.partition),
  );
  const batch: FetchedBatch = { records: new Map(), after: new Map() };
  const fetches = Object.entries(byLeader).map(async ([nodeId, partitionIds]) => {
    const broker = await clients.cluster.findBroker({ nodeId });
    const { responses } = await broker.fetch({
      replicaId: -1,
      isolationLevel: 1, // read committed, as the page read: aborted transactional records are never found
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: Math.min(SCAN_BYTES_PER_REQUEST, SCAN_BYTES_PER_PARTITION * partitionIds.length),
      topics: [
        {
          topic,
          partitions: partitionIds.map((partition) => ({
            partition,
            fetchOffset: String(requested.get(partition)),
            maxBytes: SCAN_BYTES_PER_PARTITION,
          })),
        },
      ],
    });
    for (const response of responses) {
      for (const fetched of response.partitions) batch.records.set(fetched.partition, fetched.messages);
    }
  });
  return Promise.all(fetches).then(() => {
    const lastOffset = (partition: number) => {
      const records = batch.records.get(partition);
      return records && records.length > 0 ? Number(records[records.length - 1].offset) : -1;
    };
    // A partition can come back empty because the answer was full before its turn: it is asked again.
    // When nothing at all came back below the log ends, the rest is a gap (transaction markers past the
    // last stable offset, records removed since the start): those partitions are done.
    const progressed = open.some((cursor) => lastOffset(cursor.partition) >= requested.get(cursor.partition)!);
    for (const cursor of open) {
      const from = requested.get(cursor.partition)!;
      const last = lastOffset(cursor.partition);
      const after = last >= from ? last + 1 : progressed ? from : cursor.high;
      cursor.fetchOffset = Math.min(after, cursor.high);
      batch.after.set(cursor.partition, cursor.fetchOffset);
    }
    return batch;
  });
}

/**
 * Hands the batch's records to visit in offset order per partition, taking turns between partitions
 * in chunks so that a search of all partitions finds early matches on each of them (not all of
 * partition 0's first); true when visit said stop. Each partition's position stays exact.
 */
function visitBatch(batch: FetchedBatch, cursors: ScanCursor[], request: ScanMessagesRequest): boolean {
  const lanes = cursors
    .filter((cursor) => batch.after.has(cursor.partition))
    .map((cursor) => ({ cursor, records: batch.records.get(cursor.partition) ?? [], index: 0, done: false }));
  let open = lanes.length;
  while (open > 0) {
    for (const lane of lanes) {
      if (lane.done) continue;
      const { cursor, records } = lane;
      const end = Math.min(records.length, lane.index + VISIT_CHUNK);
      while (lane.index < end) {
        const record = records[lane.index++];
        const offset = Number(record.offset);
        // A fetch returns whole batches, which may begin before the requested offset.
        if (offset < cursor.offset) continue;
        if (offset >= cursor.high) {
          lane.index = records.length;
          break;
        }
        cursor.offset = offset + 1;
        if (record.isControlRecord) continue;
        if (request.visit(view(cursor.partition, offset, record))) return true;
      }
      if (lane.index >= records.length) {
        lane.done = true;
        open--;
        cursor.offset = Math.max(cursor.offset, Math.min(batch.after.get(cursor.partition)!, cursor.high));
      }
    }
  }
  return false;
}

function view(partition: number, offset: number, record: FetchedRecord): ScannedMessage {
  let headers = NO_HEADERS;
  const raw = record.headers;
  if (raw) {
    for (const name in raw) {
      const value = raw[name];
      if (value === undefined) continue;
      if (headers === NO_HEADERS) headers = {};
      headers[name] = Array.isArray(value) ? Buffer.concat(value) : value;
    }
  }
  return { partition, offset, timestampMs: Number(record.timestamp), key: record.key, value: record.value, headers };
}
