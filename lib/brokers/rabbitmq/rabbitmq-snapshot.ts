import type { ClusterSnapshot, ConsumerSummary, PartitionOffsets, TopicSummary } from "../types";
import { queueKey, type DeadLetterTopology } from "./dead-letter-topology";
import type { RabbitQueue } from "./queue-rows";
import { formatQueueId } from "./rabbitmq-names";

// A cycle's queue listing in the connector interface's shapes. Pure.
//
// A queue is one "partition" 0. Its `high` is the queue's cumulative publish counter (when the
// management plugin has one) and `low` = high - messages, so that, as with a Kafka log end, the
// sampler's rate of `high` is the publish rate; the queue's consumers are one "group" whose committed
// position is high - (ready + unacked), so lag = ready + unacked and its rate is the consume rate.

export function queueOffsets(queue: RabbitQueue): PartitionOffsets {
  const high = Math.max(queue.counters.publish ?? 0, queue.total);
  return { partition: 0, low: high - queue.total, high, messages: queue.total };
}

export function queueSummary(queue: RabbitQueue): TopicSummary {
  return { name: formatQueueId(queue), partitions: 1, messages: queue.total, bytes: null };
}

/** The consumers of a classic or quorum queue as one group; stream queues have none (readers keep their own offsets). */
export function queueConsumers(queue: RabbitQueue): ConsumerSummary | null {
  if (queue.lag === null) return null;
  const id = formatQueueId(queue);
  const { high } = queueOffsets(queue);
  return {
    group: id,
    state: queue.consumers > 0 ? "Stable" : "Empty",
    members: queue.consumers,
    topics: [id],
    lag: queue.lag,
    partitions: [{ topic: id, partition: 0, committed: high - queue.lag, high, lag: queue.lag }],
    pending: queue.ready,
    ackPending: queue.unacked,
    redelivered: queue.counters.redeliver ?? undefined,
    delivered: queue.counters.deliver ?? undefined,
  };
}

/**
 * Queues that only collect dead letters are not listed as consumers (they have none by design, and
 * their "lag" is the DLQ's size, shown on the DLQ page); unless something does consume them.
 */
export function toSnapshot(queues: RabbitQueue[], topology: DeadLetterTopology | null, at: number): ClusterSnapshot {
  const consumers: ConsumerSummary[] = [];
  for (const queue of queues) {
    const isDlq = topology?.dlqs.has(queueKey(queue.vhost, queue.name)) ?? false;
    if (isDlq && queue.consumers === 0) continue;
    const group = queueConsumers(queue);
    if (group) consumers.push(group);
  }
  return {
    at,
    topics: queues.map((queue) => ({ name: formatQueueId(queue), partitions: [queueOffsets(queue)], bytes: null })),
    consumers,
  };
}

/**
 * The head message's time (epoch ms) of every queue whose head has one, keyed by queue id and the
 * consumers' position (queueConsumers' committed: high - lag), as the sampler asks for it.
 */
export function headTimesOf(queues: RabbitQueue[], at: number): Map<string, number> {
  const times = new Map<string, number>();
  for (const queue of queues) {
    if (queue.lag === null || queue.oldestMessageAgeMs === null) continue;
    times.set(`${formatQueueId(queue)}\u0000${queueOffsets(queue).high - queue.lag}`, at - queue.oldestMessageAgeMs);
  }
  return times;
}
