import "server-only";
import { mapWithConcurrency } from "../errors";
import type { OffsetTimestampRequest } from "../types";
import type { NatsClients } from "./nats-client";

/**
 * The time JetStream stored the message at each stream sequence (epoch ms), for lag time when the
 * sampler's history does not reach back to a consumer's ack floor; null where it is gone.
 */
export async function readNatsSequenceTimestamps(clients: NatsClients, requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
  const results: (number | null)[] = requests.map(() => null);
  await mapWithConcurrency(
    requests.map((request, index) => ({ request, index })),
    8,
    async ({ request, index }) => {
      try {
        const message = await clients.jsm.streams.getMessage(request.topic, { seq: request.offset });
        const millis = message?.time?.getTime();
        results[index] = millis !== undefined && Number.isFinite(millis) ? millis : null;
      } catch {
        // Deleted (interest or work-queue retention) or out of range: stays unknown.
      }
    },
  );
  return results;
}
