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
