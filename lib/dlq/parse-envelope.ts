import { originalTopicOfDlq } from "./dlq-names";
import { errorSignature } from "./error-signature";

// What a dead-lettered message says about where it came from and why it failed, read from the
// header conventions of API.md. Header values arrive decoded as text (lib/messages/decode-message).

export interface DlqEnvelope {
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: number | null;
  /** Where the original sits on brokers whose messages carry ids (Redis Streams' x-original-id, `<ms>-<seq>`). */
  originalId: string | null;
  error: string;
  errorClass: string | null;
  attempts: number | null;
}

// RabbitMQ's dead-lettering writes x-first-death-queue / -reason (and x-death, with every death).
const ORIGINAL_TOPIC = ["x-original-topic", "kafka_dlt-original-topic", "__connect.errors.topic", "x-first-death-queue"];
const ORIGINAL_PARTITION = ["x-original-partition", "kafka_dlt-original-partition", "__connect.errors.partition"];
const ORIGINAL_OFFSET = ["x-original-offset", "kafka_dlt-original-offset", "__connect.errors.offset"];
const ORIGINAL_ID = ["x-original-id"];
const ERROR = ["x-error", "kafka_dlt-exception-message", "__connect.errors.exception.message"];
const ERROR_CLASS = ["x-error-class", "kafka_dlt-exception-fqcn", "__connect.errors.exception.class.name"];
const ATTEMPTS = ["x-attempts", "x-retry-count", "kafka_dlt-attempts"];

const MAX_ERROR_LENGTH = 500;

function first(headers: Record<string, string>, names: string[]): string | null {
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined && value !== "") return value;
  }
  return null;
}

function integer(text: string | null): number | null {
  if (text === null || !/^\d{1,15}$/.test(text.trim())) return null;
  return Number(text.trim());
}

/** An id as `<ms>-<seq>` (two whole numbers, at most 20 digits each), else null. Kept as text: it does not fit a number. */
function messageId(text: string | null): string | null {
  return text !== null && /^\d{1,20}-\d{1,20}$/.test(text.trim()) ? text.trim() : null;
}

/** A broker's dead-letter record as the error: "rejected in inventory" (RabbitMQ's first death: reason and queue). */
function deathError(headers: Record<string, string>): string | null {
  const reason = headers["x-first-death-reason"];
  if (!reason) return null;
  const queue = headers["x-first-death-queue"];
  return queue ? `${reason} in ${queue}` : reason;
}

export function parseDlqEnvelope(dlqTopic: string, headers: Record<string, string>): DlqEnvelope {
  const errorClass = first(headers, ERROR_CLASS);
  const rawError = first(headers, ERROR) ?? errorClass ?? deathError(headers) ?? "unknown error (no error header)";
  return {
    originalTopic: first(headers, ORIGINAL_TOPIC) ?? (originalTopicOfDlq(dlqTopic) || null),
    originalPartition: integer(first(headers, ORIGINAL_PARTITION)),
    originalOffset: integer(first(headers, ORIGINAL_OFFSET)),
    originalId: messageId(first(headers, ORIGINAL_ID)),
    error: rawError.length > MAX_ERROR_LENGTH ? `${rawError.slice(0, MAX_ERROR_LENGTH)}…` : rawError,
    errorClass,
    attempts: integer(first(headers, ATTEMPTS)),
  };
}

/**
 * Pending messages of one cause: `error` is the group's signature (what the `error` filter takes to
 * list them), `example` the literal text of its first message.
 */
export interface ErrorGroup {
  error: string;
  example: string;
  count: number;
  oldest: string;
  newest: string;
  originalTopics: string[];
}

/** Groups messages by error signature (lib/dlq/error-signature) for the summary, biggest first. */
export function groupByError(messages: { error: string; errorGroup?: string; timestamp: string; originalTopic: string | null }[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { topics: Set<string> }>();
  for (const message of messages) {
    const key = message.errorGroup ?? errorSignature(message.error);
    let group = groups.get(key);
    if (!group) {
      group = { error: key, example: message.error, count: 0, oldest: message.timestamp, newest: message.timestamp, originalTopics: [], topics: new Set() };
      groups.set(key, group);
    }
    group.count++;
    if (message.timestamp < group.oldest) group.oldest = message.timestamp;
    if (message.timestamp > group.newest) group.newest = message.timestamp;
    if (message.originalTopic) group.topics.add(message.originalTopic);
  }
  return [...groups.values()]
    .map(({ topics, ...group }) => ({ ...group, originalTopics: [...topics].sort() }))
    .sort((a, b) => b.count - a.count || a.error.localeCompare(b.error));
}
