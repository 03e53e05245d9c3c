// What a broker can do, described once per kind (lib/brokers/<kind>/<kind>-kind.ts) so that code
// outside lib/brokers decides by capability, never by the kind's name. Plain data: safe anywhere,
// the browser included (the UI reads the same facts through lib/brokers/kinds.ts).

export interface BrokerCapabilities {
  /**
   * One message can be removed from a DLQ (JetStream: delete by sequence; RabbitMQ: ack it off the
   * queue). Without it a requeued or discarded message stays in the log until retention (Kafka) and
   * only the console's own state marks it resolved.
   */
  deletesSingleMessages: boolean;
  /**
   * The broker drops a publish whose id it has seen before (JetStream Nats-Msg-Id within the
   * stream's duplicate window): a copy sent again after a crash is harmless.
   */
  deduplicatesPublishes: boolean;
  /**
   * Topics have several partitions that readers address one at a time (Kafka). Without it a topic is
   * one ordered log, reported as partition 0, and its message ids are the bare offset.
   */
  hasPartitions: boolean;
  /**
   * Messages carry a subject apart from the stream that stores them (JetStream): a DLQ message's
   * original destination is a subject, streams are told apart by the subjects they capture, and a
   * requeue target is a subject.
   */
  hasSubjects: boolean;
  /**
   * How a consumer's position is moved by an offset reset: "commit" (Kafka: OffsetCommit while the
   * group has no members) or "consumer" (JetStream: the durable is moved, or recreated with consent).
   * null: positions cannot be reset.
   */
  resetsPositions: "commit" | "consumer" | null;
  /**
   * The broker reports deliveries that gave up (JetStream MAX_DELIVERIES / MSG_TERMINATED
   * advisories), which the console captures in a stream of its own and lists as a DLQ.
   */
  reportsDeliveryAdvisories: boolean;
  /**
   * Groups keep a list of delivered, unacknowledged entries per consumer that an operator can read,
   * claim to another consumer and acknowledge (Redis Streams' PEL): the group page shows it
   * (connector.pendingEntries).
   */
  keepsPendingEntries: boolean;
}
