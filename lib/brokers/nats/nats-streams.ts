import "server-only";
import { randomBytes } from "node:crypto";
import { DeliverPolicy, type StreamInfo } from "@nats-io/jetstream";
import { invalidInput, notFound } from "@/lib/errors";
import { mapWithConcurrency } from "../errors";
import type { RawMessage, ReadMessagesQuery, ReadMessagesResult, TopicDetail, TopicSummary } from "../types";
import type { NatsClients } from "./nats-client";

// JetStream streams appear as topics with a single partition 0; offsets are stream sequences and
// "high" is last_seq + 1 so that high - committed reads the same way as on Kafka.
const GET_CONCURRENCY = 32;
/** Pages this big are read through a short-lived ordered consumer: one request returns many. */
const ORDERED_READ_MIN = 50;
/** Ordered consumers Eventscope makes for reading carry this prefix and are hidden from listings. */
export const READER_PREFIX = "eventscope_read";
const MAX_SCAN_FACTOR = 4;

export async function listStreamInfos(clients: NatsClients): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  for await (const info of clients.jsm.streams.list()) infos.push(info);
  return infos.sort((a, b) => a.config.name.localeCompare(b.config.name));
}

export function streamSummary(info: StreamInfo): TopicSummary {
  return { name: info.config.name, partitions: 1, messages: info.state.messages, bytes: info.state.bytes };
}

export function streamDetail(info: StreamInfo): TopicDetail {
  const { first_seq: low, last_seq: last, messages } = info.state;
  return {
    name: info.config.name,
    partitions: [{ partition: 0, low: messages === 0 ? last + 1 : low, high: last + 1, messages }],
    subjects: info.config.subjects ?? [],
    bytes: info.state.bytes,
  };
}

export async function getStreamInfo(clients: NatsClients, stream: string): Promise<StreamInfo> {
  // Stream names cannot hold these characters; asking the server would only produce a confusing error.
  if (!stream || /[\s.*>/\\]/.test(stream)) throw notFound(`stream "${stream}"`);
  try {
    return await clients.jsm.streams.info(stream);
  } catch (error) {
    if (isNotFound(error)) throw notFound(`stream "${stream}"`);
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /not found|NotFound|10059|10014/i.test(text);
}

/** Reads by stream sequence with direct lookups: no consumer is created, so nothing shows up in listings. */
export async function readStreamMessages(
  clients: NatsClients,
  info: StreamInfo,
  query: ReadMessagesQuery,
): Promise<ReadMessagesResult> {
  if (query.partition !== undefined && query.partition !== 0) {
    throw invalidInput("partition", `stream "${info.config.name}" has only partition 0`);
  }
  const stream = info.config.name;
  const { first_seq: first, last_seq: last, messages: count } = info.state;
  if (count === 0) return { messages: [] };

  let start: number;
  if (query.since) {
    start = await firstSequenceAtOrAfter(clients, stream, first, last, query.since);
    if (start > last) return { messages: [] };
  } else if (query.from !== undefined) {
    start = Math.max(query.from, first);
  } else {
    start = Math.max(first, last - query.limit + 1);
  }

  if (query.limit >= ORDERED_READ_MIN) {
    const batch = await readWithOrderedConsumer(clients, stream, start, last, query.limit);
    if (batch) {
      const end = batch.length > 0 ? batch[batch.length - 1].offset + 1 : last + 1;
      return { messages: batch, next: end <= last ? { partition: 0, offset: end } : undefined };
    }
  }

  const collected: RawMessage[] = [];
  let cursor = start;
  const scanLimit = start + query.limit * MAX_SCAN_FACTOR;
  // Deleted sequences leave gaps; read in windows until the page is full or the scan bound is hit.
  while (collected.length < query.limit && cursor <= last && cursor < scanLimit) {
    const window = Math.min(query.limit - collected.length, last - cursor + 1);
    const seqs = Array.from({ length: window }, (_, index) => cursor + index);
    const found = await mapWithConcurrency(seqs, GET_CONCURRENCY, (seq) =>
      clients.jsm.streams.getMessage(stream, { seq }).catch((error) => {
        if (isNotFound(error)) return null;
        throw error;
      }),
    );
    for (const message of found) {
      if (!message) continue;
      collected.push({
        partition: 0,
        offset: message.seq,
        timestamp: message.time.toISOString(),
        key: null,
        headers: headersToBuffers(message.header),
        value: Buffer.from(message.data),
        subject: message.subject,
      });
    }
    cursor += window;
  }
  return { messages: collected, next: cursor <= last ? { partition: 0, offset: cursor } : undefined };
}

/**
 * Binary search by time over stream sequences (direct get by time needs a newer server than many
 * run): about log2(messages) lookups. Deleted sequences are stepped over.
 */
export async function firstSequenceAtOrAfter(clients: NatsClients, stream: string, first: number, last: number, since: Date) {
  const at = async (seq: number) => {
    for (let probe = seq; probe <= Math.min(last, seq + 16); probe++) {
      const found = await clients.jsm.streams.getMessage(stream, { seq: probe }).catch(() => null);
      if (found) return found;
    }
    return null;
  };
  let low = first;
  let high = last + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const message = await at(middle);
    if (!message || message.time.getTime() >= since.getTime()) high = middle;
    else low = message.seq + 1;
  }
  return low;
}

/**
 * Reads up to `limit` messages from `start` with an ephemeral ordered consumer (no acks, cleaned up
 * at once, and by the server after inactivity in any case). Null when the server refuses, so the
 * caller falls back to direct lookups.
 */
async function readWithOrderedConsumer(clients: NatsClients, stream: string, start: number, last: number, limit: number): Promise<RawMessage[] | null> {
  let consumer;
  try {
    // A prefix per read: ordered consumers are named <prefix>_<n>, and two reads sharing a prefix
    // would replace (and delete) each other's consumer.
    const prefix = `${READER_PREFIX}_${randomBytes(6).toString("hex")}`;
    consumer = await clients.js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start, name_prefix: prefix });
  } catch {
    return null;
  }
  const wanted = Math.min(limit, last - start + 1);
  const collected: RawMessage[] = [];
  try {
    const messages = await consumer.fetch({ max_messages: wanted, expires: 5_000 });
    for await (const message of messages) {
      collected.push({
        partition: 0,
        offset: message.seq,
        timestamp: new Date(Math.floor(message.info.timestampNanos / 1_000_000)).toISOString(),
        key: null,
        headers: headersToBuffers(message.headers),
        value: Buffer.from(message.data),
        subject: message.subject,
      });
      if (collected.length >= wanted || message.seq >= last) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return collected;
}

export function headersToBuffers(header: { keys(): string[]; values(k: string): string[] } | undefined): Record<string, Buffer> {
  const headers: Record<string, Buffer> = {};
  if (!header) return headers;
  for (const name of header.keys()) headers[name] = Buffer.from(header.values(name).join(", "));
  return headers;
}
