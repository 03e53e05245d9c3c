// Which kafkajs errors a caller recovers from, in one place. kafkajs puts the protocol error's name in
// `type`, its class in `name`, a socket error's code in `code`, and repeats the original message when
// it gives up retrying, so each classification looks at all four as one line of text. Pure.

/** Errors after which a group's cached coordinator is forgotten and looked up again. */
const COORDINATOR_MOVED = /NOT_COORDINATOR|COORDINATOR_NOT_AVAILABLE|GROUP_LOAD_IN_PROGRESS|BrokerNotFound|ECONNREFUSED|ECONNRESET|Connection (closed|error|timeout)|not connected/i;

/** A topic deleted, or a partition's leader moving, between a Metadata request and the next requests. */
const TOPIC_CHURN = /does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE|NOT_LEADER/i;

export function kafkaErrorText(error: unknown): string {
  const e = error as { type?: string; name?: string; code?: string; message?: string } | undefined;
  return `${e?.type ?? ""} ${e?.name ?? ""} ${e?.code ?? ""} ${e?.message ?? String(error)}`;
}

export function isCoordinatorMoved(error: unknown): boolean {
  return COORDINATOR_MOVED.test(kafkaErrorText(error));
}

/** Not an outage: the same reads, started again from a fresh Metadata request, succeed. */
export function isTopicChurn(error: unknown): boolean {
  return TOPIC_CHURN.test(kafkaErrorText(error));
}

/**
 * Protocol errors retrying cannot change (Kafka's own error table marks them not retriable): the
 * broker refuses the request itself. Anything else (connections, timeouts, leaders moving,
 * coordinators loading) is an outage to wait out.
 */
const PERMANENT: [RegExp, string][] = [
  [/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/, "the message is larger than the broker or topic accepts (message.max.bytes / max.message.bytes)"],
  [/(TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID|DELEGATION_TOKEN)_AUTHORIZATION_FAILED/, "not authorized (the console's Kafka principal lacks an ACL for this)"],
  [/SASL_AUTHENTICATION_FAILED|KafkaJSSASLAuthenticationError|ILLEGAL_SASL_STATE|UNSUPPORTED_SASL_MECHANISM/, "authentication failed (check the cluster's SASL settings)"],
  [/INVALID_TOPIC_EXCEPTION/, "the topic name is invalid for this broker"],
  [/INVALID_RECORD|CORRUPT_MESSAGE|UNSUPPORTED_FOR_MESSAGE_FORMAT|INVALID_TIMESTAMP/, "the broker rejected the record"],
  [/POLICY_VIOLATION/, "the broker's policy refused the request"],
  [/UNSUPPORTED_VERSION/, "the broker does not support this request"],
];

/** The type/name/code/message of an error and of the errors it wraps (kafkajs nests retries and batches). */
function kafkaErrorChainText(error: unknown, depth = 0): string {
  if (depth > 4 || error === null || error === undefined) return "";
  const e = error as { originalError?: unknown; cause?: unknown; errors?: unknown[] };
  const nested = [e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors.slice(0, 5) : [])];
  return [kafkaErrorText(error), ...nested.map((inner) => kafkaErrorChainText(inner, depth + 1))].join(" | ");
}

export function permanentKafkaError(error: unknown): string | null {
  const text = kafkaErrorChainText(error);
  for (const [pattern, reason] of PERMANENT) {
    const match = pattern.exec(text);
    if (match) return `refused by Kafka: ${reason} (${match[0]})`;
  }
  return null;
}
