import { originalTopicOfDlq } from "./dlq-names";

// What a dead-lettered message says about where it came from and why it failed, read from the
// header conventions of API.md. Header values arrive decoded as text (lib/messages/decode-message).

export interface DlqEnvelope {
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: number | null;
  error: string;
  errorClass: string | null;
  attempts: number | null;
}

const ORIGINAL_TOPIC = ["x-original-topic", "kafka_dlt-original-topic", "__connect.errors.topic"];
const ORIGINAL_PARTITION = ["x-original-partition", "kafka_dlt-original-partition", "__connect.errors.partition"];
const ORIGINAL_OFFSET = ["x-original-offset", "kafka_dlt-original-offset", "__connect.errors.offset"];
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

export function parseDlqEnvelope(dlqTopic: string, headers: Record<string, string>): DlqEnvelope {
  const errorClass = first(headers, ERROR_CLASS);
  const rawError = first(headers, ERROR) ?? errorClass ?? "unknown error (no error header)";
  return {
    originalTopic: first(headers, ORIGINAL_TOPIC) ?? (originalTopicOfDlq(dlqTopic) || null),
    originalPartition: integer(first(headers, ORIGINAL_PARTITION)),
    originalOffset: integer(first(headers, ORIGINAL_OFFSET)),
    error: rawError.length > MAX_ERROR_LENGTH ? `${rawError.slice(0, MAX_ERROR_LENGTH)}…` : rawError,
    errorClass,
    attempts: integer(first(headers, ATTEMPTS)),
  };
}

/** Groups messages by error text for the summary: count, oldest and newest per error. */
export interface ErrorGroup {
  error: string;
  count: number;
  oldest: string;
  newest: string;
  originalTopics: string[];
}

export function groupByError(messages: { error: string; timestamp: string; originalTopic: string | null }[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { topics: Set<string> }>();
  for (const message of messages) {
    let group = groups.get(message.error);
    if (!group) {
      group = { error: message.error, count: 0, oldest: message.timestamp, newest: message.timestamp, originalTopics: [], topics: new Set() };
      groups.set(message.error, group);
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
