import "server-only";
import type { OffsetTimestampRequest } from "../types";
import type { KafkaClients } from "./kafka-client";

// The timestamp of the message at given offsets, for lag time when the sampler's history does not
// reach back to a commit. One Fetch per topic and partition leader for all the offsets asked, each
// capped to a few kB: Kafka returns at least the first record batch, which holds the wanted record.

const BYTES_PER_PARTITION = 4 * 1024;

/** Epoch ms per request, in order; null where no record at or after the offset could be read. */
export async function readKafkaOffsetTimestamps(clients: KafkaClients, requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
  const results: (number | null)[] = requests.map(() => null);
  const byTopic = new Map<string, number[]>();
  requests.forEach((request, index) => {
    const list = byTopic.get(request.topic) ?? [];
    list.push(index);
    byTopic.set(request.topic, list);
  });
  await clients.cluster.addMultipleTargetTopics([...byTopic.keys()]);
  await Promise.all(
    [...byTopic].map(async ([topic, indexes]) => {
      const byLeader = clients.cluster.findLeaderForPartitions(topic, [...new Set(indexes.map((index) => requests[index].partition))]);
      await Promise.all(
        Object.entries(byLeader).map(async ([nodeId, partitions]) => {
          const mine = indexes.filter((index) => partitions.includes(requests[index].partition));
          try {
            const broker = await clients.cluster.findBroker({ nodeId });
            const { responses } = await broker.fetch({
              replicaId: -1,
              isolationLevel: 1,
              maxWaitTime: 0,
              minBytes: 0,
              maxBytes: BYTES_PER_PARTITION * mine.length,
              topics: [{ topic, partitions: mine.map((index) => ({ partition: requests[index].partition, fetchOffset: String(requests[index].offset), maxBytes: BYTES_PER_PARTITION })) }],
            });
            for (const response of responses) {
              for (const fetched of response.partitions) {
                for (const index of mine) {
                  if (requests[index].partition !== fetched.partition) continue;
                  // A batch may begin before the offset asked; control records carry no message.
                  const record = fetched.messages.find((candidate) => Number(candidate.offset) >= requests[index].offset && !candidate.isControlRecord);
                  const millis = record ? Number(record.timestamp) : Number.NaN;
                  results[index] = Number.isFinite(millis) && millis > 0 ? millis : null;
                }
              }
            }
          } catch {
            // A leader moving or an offset just deleted by retention: unknown this time, asked again later.
          }
        }),
      );
    }),
  );
  return results;
}
