import "server-only";
import type { BrokerConnector, ClusterKind, RawMessage } from "@/lib/brokers/types";
import { decodeMessage, messageMatches, type Message } from "@/lib/messages/decode-message";
import { advisoryError, parseAdvisory } from "./advisory";
import type { DlqKind } from "./dlq-kinds";
import { originalSubjectOf } from "./dlq-kinds";
import { statusesOf, type DlqStatus } from "./dlq-state";
import { parseDlqEnvelope } from "./parse-envelope";
import { dlqMessageId, requeueIdOf } from "./requeue-id";

export interface DlqMessage extends Message {
  id: string;
  originalTopic: string | null;
  originalPartition?: number;
  originalOffset?: number;
  /** JetStream: the subject a requeue publishes to. */
  originalSubject?: string;
  error: string;
  errorClass?: string;
  attempts: number | null;
  status: DlqStatus;
  requeueId: string;
  /** What a requeue sends: the original message (differs from the DLQ entry for advisories). */
  payload: { key: string | Buffer | null; value: Buffer | null; headers: Record<string, Buffer> };
}

export interface DlqFilter {
  q?: string;
  error?: string;
  originalTopic?: string;
  since?: Date;
  until?: Date;
}

export interface DlqCursor {
  partition: number;
  offset: number;
}

export interface DlqContext {
  clusterId: string;
  clusterKind: ClusterKind;
  topic: string;
  dlqKind: DlqKind;
  connector: BrokerConnector;
}

export type StatusFilter = "pending" | "requeued" | "discarded" | "all";

const READ_CHUNK = 500;

/**
 * Reads a DLQ in (partition, offset) order from a cursor, keeping the messages that match, until
 * `limit` are found or `budget` messages were looked at. The returned cursor continues the scan.
 */
export async function scanDlq(
  context: DlqContext,
  options: {
    cursor?: DlqCursor;
    limit: number;
    filter?: DlqFilter;
    status?: StatusFilter;
    budget?: number;
    countOnly?: boolean;
    /** Masks what a viewer may not see, before the text filter runs (so search cannot reveal it). */
    mask?: (messages: DlqMessage[]) => Promise<DlqMessage[]>;
  },
): Promise<{ messages: DlqMessage[]; next?: DlqCursor; scanned: number; matched: number }> {
  const detail = await context.connector.describeTopic(context.topic);
  const partitions = detail.partitions.filter((p) => p.high > p.low).sort((a, b) => a.partition - b.partition);
  const budget = options.budget ?? 20_000;
  const status = options.status ?? "pending";
  const found: DlqMessage[] = [];
  let matched = 0;
  let scanned = 0;
  let position = options.cursor ?? (partitions[0] ? { partition: partitions[0].partition, offset: partitions[0].low } : undefined);

  while (position && matched < options.limit && scanned < budget) {
    const current: DlqCursor = position;
    const partition = partitions.find((p) => p.partition === current.partition);
    if (!partition || current.offset >= partition.high) {
      const following = partitions.find((p) => p.partition > current.partition);
      position = following ? { partition: following.partition, offset: following.low } : undefined;
      continue;
    }
    const page = await context.connector.readMessages(context.topic, {
      partition: current.partition,
      from: Math.max(current.offset, partition.low),
      limit: Math.min(READ_CHUNK, budget - scanned),
    });
    if (page.messages.length === 0) {
      position = { partition: current.partition, offset: partition.high };
      continue;
    }
    scanned += page.messages.length;
    const built = await toDlqMessages(context, page.messages);
    const chunk = options.mask ? await options.mask(built) : built;
    let lastTaken = page.messages[page.messages.length - 1].offset;
    for (const message of chunk) {
      if (!matches(message, options.filter, status)) continue;
      if (matched === options.limit) {
        lastTaken = message.offset - 1;
        break;
      }
      matched++;
      // Counting a big DLQ must not hold every payload in memory.
      if (!options.countOnly) found.push(message);
      lastTaken = message.offset;
    }
    position = { partition: current.partition, offset: lastTaken + 1 };
  }
  return { messages: found, next: position, scanned, matched };
}

export function matches(message: DlqMessage, filter: DlqFilter | undefined, status: StatusFilter): boolean {
  // A message being requeued right now ("requeuing") is neither pending nor requeued yet.
  if (status !== "all" && message.status !== status) return false;
  if (!filter) return true;
  if (filter.error !== undefined && message.error !== filter.error) return false;
  if (filter.originalTopic !== undefined && message.originalTopic !== filter.originalTopic) return false;
  if (filter.since && message.timestamp < filter.since.toISOString()) return false;
  if (filter.until && message.timestamp > filter.until.toISOString()) return false;
  if (filter.q && !messageMatches(message, filter.q)) return false;
  return true;
}

export async function toDlqMessages(context: DlqContext, raws: RawMessage[]): Promise<DlqMessage[]> {
  const built = await Promise.all(raws.map((raw) => (context.dlqKind === "advisories" ? fromAdvisory(context, raw) : fromEnvelope(context, raw))));
  const statuses = await statusesOf({ clusterId: context.clusterId, dlqTopic: context.topic }, built.map((message) => message.id));
  for (const message of built) message.status = statuses.get(message.id) ?? "pending";
  return built;
}

function baseFields(context: DlqContext, raw: RawMessage) {
  const id = dlqMessageId(context.clusterKind, raw.partition, raw.offset);
  return { id, requeueId: requeueIdOf(context.clusterId, context.topic, id), status: "pending" as DlqStatus };
}

function fromEnvelope(context: DlqContext, raw: RawMessage): DlqMessage {
  const message = decodeMessage(raw);
  const envelope = parseDlqEnvelope(context.topic, message.headers);
  const originalSubject = context.clusterKind === "nats" ? originalSubjectOf(raw.subject, message.headers) ?? undefined : undefined;
  return {
    ...message,
    ...baseFields(context, raw),
    originalTopic: envelope.originalTopic,
    ...(envelope.originalPartition !== null ? { originalPartition: envelope.originalPartition } : {}),
    ...(envelope.originalOffset !== null ? { originalOffset: envelope.originalOffset } : {}),
    ...(originalSubject ? { originalSubject } : {}),
    error: envelope.error,
    ...(envelope.errorClass ? { errorClass: envelope.errorClass } : {}),
    attempts: envelope.attempts,
    payload: { key: raw.key, value: raw.value, headers: raw.headers },
  };
}

/** An advisory stands for the original message, which still sits in its stream at stream_seq. */
async function fromAdvisory(context: DlqContext, raw: RawMessage): Promise<DlqMessage> {
  const advisory = parseAdvisory(raw.value?.toString("utf8") ?? null);
  const base = { ...decodeMessage(raw), ...baseFields(context, raw), attempts: null, originalTopic: null };
  if (!advisory) return { ...base, error: "unreadable advisory", payload: { key: null, value: null, headers: {} } };
  let original: RawMessage | undefined;
  try {
    const page = await context.connector.readMessages(advisory.stream, { from: advisory.streamSeq, limit: 1 });
    original = page.messages.find((message) => message.offset === advisory.streamSeq);
  } catch {
    // the stream may be gone; reported below as a missing original
  }
  const shown = original ? decodeMessage(original) : undefined;
  return {
    ...base,
    ...(shown ? { value: shown.value, encoding: shown.encoding, size: shown.size, headers: shown.headers, subject: shown.subject } : {}),
    ...(shown?.truncated ? { truncated: true } : {}),
    originalTopic: advisory.stream,
    originalOffset: advisory.streamSeq,
    ...(original?.subject ? { originalSubject: original.subject } : {}),
    error: original ? advisoryError(advisory) : `${advisoryError(advisory)}; the original message is no longer in stream ${advisory.stream}`,
    attempts: advisory.deliveries,
    payload: original ? { key: null, value: original.value, headers: original.headers } : { key: null, value: null, headers: {} },
  };
}
