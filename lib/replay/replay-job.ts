import "server-only";
import type { DeliveryCheckpoint } from "@/lib/brokers/delivery";
import type { PublishRequest } from "@/lib/brokers/types";
import { requireTarget } from "@/lib/brokers/publish-targets";
import { connectorFor, getCluster } from "@/lib/clusters/registry";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { runDeliveryJob, type DeliveryTurn } from "@/lib/jobs/delivery-engine";
import type { PartitionRange } from "./replay-plan";

// Copies each planned range to the target, in order, at the job's rate, on the delivery engine
// (lib/jobs/delivery-engine.ts). Every copy carries a replay id (job/partition/offset) as its marker.
// Before a batch is sent the cursor records it as in flight; a resumed job asks the broker's delivery
// which of those reached the target (Kafka: found there; JetStream: none, sent again under the same
// Nats-Msg-Id and de-duplicated) and resumes after the last that did, so a crash never duplicates.

export const REPLAY_ID_HEADER = "x-eventscope-replay-id";
export const REPLAYED_FROM_HEADER = "x-eventscope-replayed-from";
// Messages per batch (at most a second's worth at the job's rate, so a cancel is seen within about a
// second): each batch costs a read, a look at the target's log ends and two cursor writes whatever
// its size, so bigger batches go faster.
const BATCH = 2_000;

export interface ReplayJobParams {
  topic: string;
  target: string;
  ranges: PartitionRange[];
  ratePerSec: number;
}

interface ReplayCursor {
  rangeIndex: number;
  offset: number;
  /** The batch being sent: offsets from..to of one partition (a resumed job settles it first). */
  inFlight?: { partition: number; from: number; to: number; targetStarts?: Record<string, number> };
  /** The broker's checkpoint for finding copies after a crash (lib/brokers/delivery.ts). */
  delivery?: DeliveryCheckpoint;
}

interface ReplayTurn extends DeliveryTurn {
  batchEnd: number;
}

export async function executeReplay(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as ReplayJobParams;
  const { config } = await getCluster(job.clusterId);
  const connector = connectorFor(config);
  const cursor: ReplayCursor = (job.cursor as ReplayCursor | null) ?? { rangeIndex: 0, offset: params.ranges[0]?.from ?? 0 };
  // Written by versions before the delivery interface: Kafka's target log ends in the in-flight batch.
  if (cursor.inFlight?.targetStarts && !cursor.delivery) cursor.delivery = { targets: { [params.target]: cursor.inFlight.targetStarts } };
  if (cursor.inFlight) delete cursor.inFlight.targetStarts;
  const replayId = (partition: number, offset: number) => `${job.id}/${partition}/${offset}`;
  const inFlightMarkers = (inFlight: NonNullable<ReplayCursor["inFlight"]>) =>
    Array.from({ length: Math.max(0, inFlight.to - inFlight.from) }, (_, index) => replayId(inFlight.partition, inFlight.from + index));

  return runDeliveryJob<ReplayTurn>({
    connector,
    control,
    markerHeader: REPLAY_ID_HEADER,
    ratePerSec: params.ratePerSec,
    cursor,
    source: {
      // The target was checked when the replay was asked for; the broker may have changed since.
      check: () => requireTarget(connector, params.target),
      inFlight: async () => (cursor.inFlight ? inFlightMarkers(cursor.inFlight).map((marker) => ({ marker })) : []),
      // Which of the in-flight batch reached the target? Resume after the last one that did.
      settled: async (sent) => {
        const inFlight = cursor.inFlight;
        if (!inFlight) return;
        let offset = inFlight.from;
        while (offset < inFlight.to && sent.has(replayId(inFlight.partition, offset))) offset++;
        await control.progress({ done: offset - inFlight.from }, { ...cursor, offset, inFlight: undefined });
        cursor.offset = offset;
        cursor.inFlight = undefined;
      },
      next: async () => {
        while (true) {
          if (cursor.rangeIndex >= params.ranges.length) return null;
          const range = params.ranges[cursor.rangeIndex];
          if (cursor.offset >= range.to) {
            cursor.rangeIndex++;
            cursor.offset = params.ranges[cursor.rangeIndex]?.from ?? 0;
            continue;
          }
          const page = await connector.readMessages(params.topic, {
            ...(connector.capabilities.hasPartitions ? { partition: range.partition } : {}),
            from: cursor.offset,
            limit: Math.min(BATCH, params.ratePerSec, range.to - cursor.offset),
          });
          const messages = page.messages.filter((message) => message.offset < range.to);
          const batchEnd = messages.length > 0 ? messages[messages.length - 1].offset + 1 : range.to;
          const copies = messages.map((message) => {
            const marker = replayId(range.partition, message.offset);
            const request: PublishRequest = {
              topic: params.target,
              key: message.key,
              value: message.value,
              headers: {
                ...message.headers,
                [REPLAY_ID_HEADER]: marker,
                [REPLAYED_FROM_HEADER]: `${job.clusterId}/${params.topic}/${range.partition}/${message.offset}`,
              },
            };
            return { request, marker };
          });
          // Kept in memory too: after an outage in the send, the next turn settles it first.
          if (copies.length > 0) cursor.inFlight = { partition: range.partition, from: cursor.offset, to: batchEnd };
          return { copies, batchEnd, finished: false, saveBeforePublish: copies.length > 0 };
        }
      },
      sent: async (turn) => {
        cursor.offset = turn.batchEnd;
        cursor.inFlight = undefined;
        await control.progress({ done: turn.copies.length }, cursor);
      },
    },
  });
}
