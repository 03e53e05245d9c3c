import "server-only";
import type { PublishRequest } from "@/lib/brokers/types";
import { connectorFor, getCluster } from "@/lib/clusters/registry";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { findSentMarkers } from "@/lib/jobs/find-sent-markers";
import { RateLimiter } from "@/lib/jobs/rate-limiter";
import type { PartitionRange } from "./replay-plan";

// Copies each planned range to the target, in order, at the job's rate. Every copy carries a replay
// id (job/partition/offset). Before a batch is sent the cursor records it as in flight; a resumed
// job looks for those ids on the target (Kafka) or relies on Nats-Msg-Id (JetStream) so a crash
// never duplicates a message.

export const REPLAY_ID_HEADER = "x-eventscope-replay-id";
export const REPLAYED_FROM_HEADER = "x-eventscope-replayed-from";
const BATCH = 500;

export interface ReplayJobParams {
  topic: string;
  target: string;
  ranges: PartitionRange[];
  ratePerSec: number;
}

interface ReplayCursor {
  rangeIndex: number;
  offset: number;
  inFlight?: { partition: number; from: number; to: number; targetStarts: Record<string, number> };
}

export async function executeReplay(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as ReplayJobParams;
  const { config } = await getCluster(job.clusterId);
  const connector = connectorFor(config);
  const limiter = new RateLimiter(params.ratePerSec);
  const cursor: ReplayCursor = (job.cursor as ReplayCursor | null) ?? { rangeIndex: 0, offset: params.ranges[0]?.from ?? 0 };
  const replayId = (partition: number, offset: number) => `${job.id}/${partition}/${offset}`;

  if (cursor.inFlight && config.kind === "kafka") {
    // Which of the in-flight batch reached the target? Resume after the last one that did.
    const sent = await findSentMarkers(connector, params.target, cursor.inFlight.targetStarts, REPLAY_ID_HEADER, (id) => id.startsWith(`${job.id}/`));
    let offset = cursor.inFlight.from;
    while (offset < cursor.inFlight.to && sent.has(replayId(cursor.inFlight.partition, offset))) offset++;
    await control.progress({ done: offset - cursor.inFlight.from }, { ...cursor, offset, inFlight: undefined });
    cursor.offset = offset;
    cursor.inFlight = undefined;
  }

  while (cursor.rangeIndex < params.ranges.length) {
    if (await control.cancelRequested()) return "cancelled";
    const range = params.ranges[cursor.rangeIndex];
    if (cursor.offset >= range.to) {
      cursor.rangeIndex++;
      cursor.offset = params.ranges[cursor.rangeIndex]?.from ?? 0;
      continue;
    }
    const page = await connector.readMessages(params.topic, {
      ...(config.kind === "kafka" ? { partition: range.partition } : {}),
      from: cursor.offset,
      limit: Math.min(BATCH, range.to - cursor.offset),
    });
    const messages = page.messages.filter((message) => message.offset < range.to);
    const batchEnd = messages.length > 0 ? messages[messages.length - 1].offset + 1 : range.to;
    const requests: PublishRequest[] = messages.map((message) => ({
      topic: params.target,
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        [REPLAY_ID_HEADER]: replayId(range.partition, message.offset),
        [REPLAYED_FROM_HEADER]: `${job.clusterId}/${params.topic}/${range.partition}/${message.offset}`,
      },
      ...(config.kind === "nats" ? { msgId: replayId(range.partition, message.offset) } : {}),
    }));
    if (config.kind === "kafka" && requests.length > 0) {
      const detail = await connector.describeTopic(params.target);
      const targetStarts = Object.fromEntries(detail.partitions.map((p) => [String(p.partition), p.high]));
      await control.progress({}, { ...cursor, inFlight: { partition: range.partition, from: cursor.offset, to: batchEnd, targetStarts } });
    }
    await limiter.take(requests.length);
    await connector.publishBatch(requests);
    cursor.offset = batchEnd;
    await control.progress({ done: requests.length }, { ...cursor, inFlight: undefined });
  }
  return "succeeded";
}
