import "server-only";
import type { BrokerConnector, ClusterKind, RawMessage } from "@/lib/brokers/types";
import { decodeMessage, decodeMessageExceptValue, messageMatches, type Message } from "@/lib/messages/decode-message";
import { advisoryError, parseAdvisory } from "./advisory";
import type { DlqKind } from "./dlq-kinds";
import { originalSubjectOf } from "./dlq-kinds";
import { errorSignature } from "./error-signature";
import { statusesOf, type DlqStatus } from "./dlq-state";
import { parseDlqEnvelope } from "./parse-envelope";
import { dlqMessageId, requeueIdOf } from "./requeue-id";
import { capabilitiesOf } from "@/lib/brokers/kinds";

export interface DlqMessage extends Message {
  id: string;
  originalTopic: string | null;
  originalPartition?: number;
  originalOffset?: number;
  /** Where messages carry ids (Redis Streams): the original's id, `<ms>-<seq>`. */
  originalId?: string;
  /** JetStream: the subject a requeue publishes to. */
  originalSubject?: string;
  error: string;
  /** The error's signature, what the summary groups by (lib/dlq/error-signature). */
  errorGroup: string;
  errorClass?: string;
  attempts: number | null;
  status: DlqStatus;
  requeueId: string;
  /**
   * What a requeue sends: the original message (differs from the DLQ entry for advisories), and where
   * it came from, in the clear (`origin`: masking may show originalTopic as "***"; a requeue still
   * goes where the headers say). Never shown.
   */
  payload: { key: string | Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; origin: DlqOrigin };
}

/** Where a dead-lettered message came from, as its headers (or advisory) say: a default requeue's target. */
export interface DlqOrigin {
  topic: string | null;
  /** JetStream: the subject a requeue publishes to. */
  subject?: string;
  /** RabbitMQ: the route it first took (RawMessage.route), which a requeue without a target takes again. */
  route?: string;
}

export interface DlqFilter {
  q?: string;
  error?: string;
  originalTopic?: string;
  since?: Date;
  until?: Date;
}

/** Where a DLQ scan goes on: a partition's offset, or the id to read from where messages carry ids. */
export interface DlqCursor {
  partition: number;
  offset: number;
  id?: string;
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
/** Messages read per broker call when nothing is shown (counts, requeue batches): fewer round trips. */
const LEAN_READ_CHUNK = 2_000;

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
    /**
     * false: the messages are counted or sent, never shown, so their values are not decoded for
     * display (a text filter `q` still decodes them, to match exactly as the list does). Default:
     * true, or false with countOnly.
     */
    display?: boolean;
    /** Masks what a viewer may not see, before the text filter runs (so search cannot reveal it). */
    mask?: (messages: DlqMessage[]) => Promise<DlqMessage[]>;
    /** Each matching message goes here instead of the returned page (a sorted page keeps its top rows). */
    onMatch?: (message: DlqMessage) => void;
  },
): Promise<{ messages: DlqMessage[]; next?: DlqCursor; scanned: number; matched: number }> {
  const detail = await context.connector.describeTopic(context.topic);
  const partitions = detail.partitions.filter((p) => p.high > p.low).sort((a, b) => a.partition - b.partition);
  const budget = options.budget ?? 20_000;
  const status = options.status ?? "pending";
  const found: DlqMessage[] = [];
  let matched = 0;
  let scanned = 0;
  const display = options.display ?? !options.countOnly;
  const decodeValues = display || options.filter?.q !== undefined;
  const chunkSize = display ? READ_CHUNK : LEAN_READ_CHUNK;
  let position = options.cursor ?? (partitions[0] ? { partition: partitions[0].partition, offset: partitions[0].low } : undefined);

  while (position && matched < options.limit && scanned < budget) {
    const current: DlqCursor = position;
    const partition = partitions.find((p) => p.partition === current.partition);
    if (!partition || (current.id === undefined && current.offset >= partition.high)) {
      const following = partitions.find((p) => p.partition > current.partition);
      position = following ? { partition: following.partition, offset: following.low } : undefined;
      continue;
    }
    const page = await context.connector.readMessages(context.topic, {
      partition: current.partition,
      ...(current.id !== undefined ? { fromId: current.id } : { from: Math.max(current.offset, partition.low) }),
      limit: Math.min(chunkSize, budget - scanned),
    });
    if (page.messages.length === 0) {
      position = { partition: current.partition, offset: partition.high };
      continue;
    }
    // Messages with ids (Redis Streams): their offsets are only positional, so the scan goes on by id.
    const byId = page.messages[0].id !== undefined;
    scanned += page.messages.length;
    const built = await toDlqMessages(context, page.messages, { values: decodeValues });
    const chunk = options.mask ? await options.mask(built) : built;
    let lastTaken = page.messages[page.messages.length - 1].offset;
    let stoppedAt: DlqMessage | undefined;
    for (const message of chunk) {
      if (!matches(message, options.filter, status)) continue;
      if (matched === options.limit) {
        lastTaken = message.offset - 1;
        stoppedAt = message;
        break;
      }
      matched++;
      // Counting a big DLQ must not hold every payload in memory.
      if (options.onMatch) options.onMatch(message);
      else if (!options.countOnly) found.push(message);
      lastTaken = message.offset;
    }
    if (!byId) position = { partition: current.partition, offset: lastTaken + 1 };
    else if (stoppedAt) position = { partition: current.partition, offset: stoppedAt.offset, id: stoppedAt.id };
    else if (page.next?.id !== undefined) position = { partition: current.partition, offset: page.next.offset, id: page.next.id };
    else position = { partition: current.partition, offset: partition.high };
  }
  return { messages: found, next: position, scanned, matched };
}

export function matches(message: DlqMessage, filter: DlqFilter | undefined, status: StatusFilter): boolean {
  // A message being requeued right now ("requeuing") is neither pending nor requeued yet.
  if (status !== "all" && message.status !== status) return false;
  if (!filter) return true;
  // The error filter takes a literal error text or a group's signature (a click on a summary row).
  if (filter.error !== undefined && message.error !== filter.error && message.errorGroup !== filter.error) return false;
  if (filter.originalTopic !== undefined && message.originalTopic !== filter.originalTopic) return false;
  if (filter.since && message.timestamp < filter.since.toISOString()) return false;
  if (filter.until && message.timestamp > filter.until.toISOString()) return false;
  if (filter.q && !messageMatches(message, filter.q)) return false;
  return true;
}

/** @param options.values false: values are not decoded for display (see decodeMessage). */
export async function toDlqMessages(context: DlqContext, raws: RawMessage[], options = { values: true }): Promise<DlqMessage[]> {
  const built = await Promise.all(
    raws.map((raw) => (context.dlqKind === "advisories" ? fromAdvisory(context, raw) : fromEnvelope(context, raw, options.values))),
  );
  const statuses = await statusesOf({ clusterId: context.clusterId, dlqTopic: context.topic }, built.map((message) => message.id));
  for (const message of built) message.status = statuses.get(message.id) ?? "pending";
  return built;
}

function baseFields(context: DlqContext, raw: RawMessage) {
  // Where the broker derives ids (RabbitMQ), the id is also the requeue marker (API.md).
  if (raw.stableId !== undefined) return { id: raw.stableId, requeueId: raw.stableId, status: "pending" as DlqStatus };
  const id = dlqMessageId(context.clusterKind, raw.partition, raw.offset, raw.id);
  return { id, requeueId: requeueIdOf(context.clusterId, context.topic, id), status: "pending" as DlqStatus };
}

function fromEnvelope(context: DlqContext, raw: RawMessage, values: boolean): DlqMessage {
  const message = values ? decodeMessage(raw) : decodeMessageExceptValue(raw);
  const envelope = parseDlqEnvelope(context.topic, message.headers);
  const originalSubject = capabilitiesOf(context.clusterKind).hasSubjects ? originalSubjectOf(raw.subject, message.headers) : null;
  // Built by assignment, not object spreads: spreads of optional parts made this the hottest
  // function of a requeue (about 7x the cost of decoding and parsing the envelope).
  const built: DlqMessage = Object.assign(message as DlqMessage, baseFields(context, raw));
  built.originalTopic = envelope.originalTopic;
  if (envelope.originalPartition !== null) built.originalPartition = envelope.originalPartition;
  if (envelope.originalOffset !== null) built.originalOffset = envelope.originalOffset;
  if (envelope.originalId !== null) built.originalId = envelope.originalId;
  if (originalSubject) built.originalSubject = originalSubject;
  built.error = envelope.error;
  built.errorGroup = errorSignature(envelope.error, message.headers);
  if (envelope.errorClass) built.errorClass = envelope.errorClass;
  built.attempts = envelope.attempts;
  built.payload = { key: raw.key, value: raw.value, headers: raw.headers, origin: originOf(built, raw.route) };
  return built;
}

/** An advisory stands for the original message, which still sits in its stream at stream_seq. */
async function fromAdvisory(context: DlqContext, raw: RawMessage): Promise<DlqMessage> {
  const advisory = parseAdvisory(raw.value?.toString("utf8") ?? null);
  const base = { ...decodeMessage(raw), ...baseFields(context, raw), attempts: null, originalTopic: null };
  if (!advisory) return { ...base, error: "unreadable advisory", errorGroup: "unreadable advisory", payload: { key: null, value: null, headers: {}, origin: { topic: null } } };
  let original: RawMessage | undefined;
  try {
    const page = await context.connector.readMessages(advisory.stream, { from: advisory.streamSeq, limit: 1 });
    original = page.messages.find((message) => message.offset === advisory.streamSeq);
  } catch {
    // the stream may be gone; reported below as a missing original
  }
  const shown = original ? decodeMessage(original) : undefined;
  const error = original ? advisoryError(advisory) : `${advisoryError(advisory)}; the original message is no longer in stream ${advisory.stream}`;
  return {
    ...base,
    ...(shown ? { value: shown.value, encoding: shown.encoding, size: shown.size, headers: shown.headers, subject: shown.subject } : {}),
    ...(shown?.truncated ? { truncated: true } : {}),
    originalTopic: advisory.stream,
    originalOffset: advisory.streamSeq,
    ...(original?.subject ? { originalSubject: original.subject } : {}),
    error,
    errorGroup: errorSignature(error),
    attempts: advisory.deliveries,
    payload: {
      ...(original ? { key: null, value: original.value, headers: original.headers } : { key: null, value: null, headers: {} }),
      origin: { topic: advisory.stream, ...(original?.subject ? { subject: original.subject } : {}) },
    },
  };
}

function originOf(message: Pick<DlqMessage, "originalTopic" | "originalSubject">, route?: string): DlqOrigin {
  const origin: DlqOrigin = message.originalSubject ? { topic: message.originalTopic, subject: message.originalSubject } : { topic: message.originalTopic };
  if (route !== undefined) origin.route = route;
  return origin;
}
