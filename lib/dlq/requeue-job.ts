import "server-only";
import type { BrokerConnector, PublishRequest, RawMessage } from "@/lib/brokers/types";
import { connectorFor, getCluster } from "@/lib/clusters/registry";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { findSentMarkers } from "@/lib/jobs/find-sent-markers";
import { RateLimiter } from "@/lib/jobs/rate-limiter";
import { scanDlq, toDlqMessages, type DlqContext, type DlqCursor, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { claimForJob, inFlightClaims, markRequeued, releaseClaims, type StateKey } from "./dlq-state";
import { parseDlqMessageId } from "./requeue-id";
import type { RequeueJobParams } from "./requeue-params";

// Executes a requeue job: claim a batch of pending DLQ messages, publish them at the job's rate,
// record them as requeued, save the cursor, repeat. After a crash the claims left "in flight" are
// settled first (found on the target by their requeue id, or given back) so nothing is sent twice.

export const REQUEUE_ID_HEADER = "x-eventscope-requeue-id";
export const REQUEUED_FROM_HEADER = "x-eventscope-requeued-from";
const BATCH = 500;
const OUTAGE_RETRIES = 60;

interface RequeueCursor {
  scan?: DlqCursor;
  idIndex?: number;
  /** Kafka: log ends of each target partition before this job first wrote to it. */
  targets?: Record<string, Record<string, number>>;
}

export async function executeRequeue(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as RequeueJobParams;
  const { config } = await getCluster(job.clusterId);
  const connector = connectorFor(config);
  const context: DlqContext = { clusterId: job.clusterId, clusterKind: config.kind, topic: params.topic, dlqKind: params.dlqKind, connector };
  const key: StateKey = { clusterId: job.clusterId, dlqTopic: params.topic };
  const cursor: RequeueCursor = (job.cursor as RequeueCursor | null) ?? {};
  const limiter = new RateLimiter(params.ratePerSec);

  await settleInFlight(context, key, job.id, cursor);

  let outages = 0;
  // A batch is at most one second of sending, so cancel and progress stay responsive at low rates.
  const batchSize = Math.max(1, Math.min(BATCH, params.ratePerSec));
  // The next batch is read while this one is claimed and sent (reads have no side effects, and the
  // claim, not the read, decides who sends a message), so broker reads overlap with acks.
  let prefetched: Promise<Batch> | undefined;
  while (true) {
    if (await control.cancelRequested()) return "cancelled";
    const batch = await (prefetched ?? nextBatch(context, params, cursor, batchSize));
    prefetched = undefined;
    if (batch.messages.length === 0 && batch.finished) return "succeeded";
    if (!batch.finished) {
      prefetched = nextBatch(context, params, { ...cursor, ...batch.cursor }, batchSize);
      prefetched.catch(() => undefined); // awaited (and so reported) on the next turn
    }
    const claimed = await claimForJob(key, job.id, batch.messages.map(({ id, requeueId }) => ({ messageId: id, requeueId })));
    const mine = batch.messages.filter((message) => claimed.has(message.id));
    let outcome;
    try {
      outcome = await publishClaimed(context, params, mine, cursor, limiter);
    } catch (error) {
      // Part of the batch may have gone out. Pause, settle what did, and read the batch again.
      prefetched = undefined;
      if ((error as { code?: string }).code !== "broker-unavailable" || ++outages > OUTAGE_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * outages)));
      await settleWhenReachable(context, key, job.id, cursor);
      continue;
    }
    outages = 0;
    const { sent, unroutable } = outcome;
    await markRequeued(key, job.id, sent);
    await releaseClaims(key, job.id, unroutable);
    Object.assign(cursor, batch.cursor);
    await control.progress({ done: sent.length, failed: unroutable.length }, cursor);
    if (batch.finished) return "succeeded";
  }
}

interface Batch {
  messages: DlqMessage[];
  cursor: RequeueCursor;
  finished: boolean;
}

async function nextBatch(context: DlqContext, params: RequeueJobParams, cursor: RequeueCursor, size: number): Promise<Batch> {
  if (params.ids) {
    const start = cursor.idIndex ?? 0;
    const ids = params.ids.slice(start, start + size);
    const messages = await readByIds(context, ids);
    return { messages: messages.filter((m) => m.status === "pending"), cursor: { idIndex: start + ids.length }, finished: start + ids.length >= params.ids.length };
  }
  const filter: DlqFilter | undefined = params.filter && {
    ...params.filter,
    since: params.filter.since ? new Date(params.filter.since) : undefined,
    until: params.filter.until ? new Date(params.filter.until) : undefined,
  };
  const page = await scanDlq(context, { cursor: cursor.scan, limit: size, filter, status: "pending", budget: 50_000 });
  return { messages: page.messages, cursor: { scan: page.next }, finished: page.next === undefined };
}

/** Ids this close together (same partition) are read in one paged read rather than one read each. */
const READ_RUN_GAP = 32;

/**
 * The DLQ messages with these ids, in the order given (unparsable or missing ids are left out).
 * Ids near each other on a partition are read together: a batch of 500 consecutive ids is a few
 * broker reads, not 500 (each of which also describes the topic).
 */
export async function readByIds(context: DlqContext, ids: string[]): Promise<DlqMessage[]> {
  const offsetsByPartition = new Map<number, number[]>();
  for (const id of ids) {
    const position = parseDlqMessageId(context.clusterKind, id);
    if (!position) continue;
    const offsets = offsetsByPartition.get(position.partition) ?? [];
    offsets.push(position.offset);
    offsetsByPartition.set(position.partition, offsets);
  }
  const found = new Map<string, RawMessage>();
  for (const [partition, offsets] of offsetsByPartition) {
    for (const run of nearbyRuns([...new Set(offsets)].sort((a, b) => a - b))) await readRun(context, partition, run, found);
  }
  const raws = ids.flatMap((id) => {
    const position = parseDlqMessageId(context.clusterKind, id);
    const raw = position && found.get(`${position.partition}-${position.offset}`);
    return raw ? [raw] : [];
  });
  return toDlqMessages(context, raws);
}

/** Sorted offsets split where the gap to the next one is more than READ_RUN_GAP. */
function nearbyRuns(sorted: number[]): number[][] {
  const runs: number[][] = [];
  for (const offset of sorted) {
    const run = runs.at(-1);
    if (run && offset - run[run.length - 1] <= READ_RUN_GAP) run.push(offset);
    else runs.push([offset]);
  }
  return runs;
}

/** Pages forward from the run's first offset to its last, keeping the wanted messages. */
async function readRun(context: DlqContext, partition: number, run: number[], found: Map<string, RawMessage>): Promise<void> {
  const wanted = new Set(run);
  const last = run[run.length - 1];
  let from = run[0];
  while (true) {
    const page = await context.connector.readMessages(context.topic, {
      ...(context.clusterKind === "kafka" ? { partition } : {}),
      from,
      limit: Math.min(BATCH, last - from + 1),
    });
    for (const message of page.messages) {
      if (message.partition === partition && wanted.has(message.offset)) found.set(`${partition}-${message.offset}`, message);
    }
    if (page.messages.length === 0 || !page.next || page.next.offset > last || page.next.offset <= from) return;
    from = page.next.offset;
  }
}

function targetOf(context: DlqContext, params: RequeueJobParams, message: DlqMessage): string | null {
  if (params.target) return params.target;
  if (context.clusterKind === "nats") return message.originalSubject ?? null;
  return message.originalTopic;
}

function publishRequest(context: DlqContext, params: RequeueJobParams, message: DlqMessage, target: string): PublishRequest {
  const headers: Record<string, string | Buffer> = {};
  const dropped = new Set((params.dropHeaders ?? []).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(message.payload.headers)) if (!dropped.has(name.toLowerCase())) headers[name] = value;
  Object.assign(headers, params.setHeaders ?? {});
  headers[REQUEUE_ID_HEADER] = message.requeueId;
  headers[REQUEUED_FROM_HEADER] = `${context.clusterId}/${context.topic}/${message.id}`;
  return {
    topic: target,
    key: message.payload.key,
    value: params.value !== undefined ? params.value : message.payload.value,
    headers,
    ...(context.clusterKind === "nats" ? { msgId: message.requeueId } : {}),
  };
}

async function publishClaimed(context: DlqContext, params: RequeueJobParams, messages: DlqMessage[], cursor: RequeueCursor, limiter: RateLimiter) {
  const routable: { message: DlqMessage; request: PublishRequest }[] = [];
  const unroutable: string[] = [];
  for (const message of messages) {
    const target = targetOf(context, params, message);
    if (target) routable.push({ message, request: publishRequest(context, params, message, target) });
    else unroutable.push(message.id);
  }
  if (context.clusterKind === "kafka") await rememberTargetStarts(context.connector, routable.map((r) => r.request.topic), cursor);
  await limiter.take(routable.length);
  if (context.clusterKind === "nats") {
    // All publishes are in flight at once; each DLQ entry is deleted as soon as its own PubAck is
    // in, never before. Every publish and delete is let finish before an error is reported, so a
    // settle after a failure sees the final state.
    const outcomes = await Promise.allSettled(
      routable.map(async ({ message, request }) => {
        await context.connector.publish(request);
        await context.connector.deleteMessage(context.topic, message.offset);
      }),
    );
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) throw failure.reason;
  } else {
    await context.connector.publishBatch(routable.map((r) => r.request));
  }
  return { sent: routable.map((r) => r.message.id), unroutable };
}

/** Before the first write to a Kafka topic, note its log ends: a resumed job searches from there. */
async function rememberTargetStarts(connector: BrokerConnector, topics: string[], cursor: RequeueCursor): Promise<void> {
  cursor.targets ??= {};
  for (const topic of new Set(topics)) {
    if (cursor.targets[topic]) continue;
    const detail = await connector.describeTopic(topic);
    cursor.targets[topic] = Object.fromEntries(detail.partitions.map((p) => [String(p.partition), p.high]));
  }
}

/**
 * A crash between publishing and recording leaves claims "requeuing". Kafka: look for their requeue
 * ids on the targets since the job began writing; found ones were sent. JetStream: a DLQ entry that
 * is gone was sent (it is deleted only after its PubAck); one still there is sent again under the
 * same Nats-Msg-Id, which the server de-duplicates.
 */
async function settleInFlight(context: DlqContext, key: StateKey, jobId: string, cursor: RequeueCursor): Promise<void> {
  const pending = await inFlightClaims(key, jobId);
  if (pending.length === 0) return;
  const byRequeueId = new Map(pending.map((claim) => [claim.requeueId, claim.messageId]));
  const sent = new Set<string>();
  if (context.clusterKind === "kafka") {
    for (const [topic, starts] of Object.entries(cursor.targets ?? {})) {
      const found = await findSentMarkers(context.connector, topic, starts, REQUEUE_ID_HEADER, (id) => byRequeueId.has(id));
      for (const id of found) sent.add(byRequeueId.get(id)!);
    }
  } else {
    const still = await readByIds(context, pending.map((claim) => claim.messageId));
    const present = new Set(still.map((message) => message.id));
    for (const claim of pending) if (!present.has(claim.messageId)) sent.add(claim.messageId);
  }
  await markRequeued(key, jobId, [...sent]);
  await releaseClaims(key, jobId, pending.map((claim) => claim.messageId).filter((id) => !sent.has(id)));
}

/** During an outage the settling itself may fail; keep trying, a broker outage pauses the job. */
async function settleWhenReachable(context: DlqContext, key: StateKey, jobId: string, cursor: RequeueCursor): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await settleInFlight(context, key, jobId, cursor);
    } catch (error) {
      if ((error as { code?: string }).code !== "broker-unavailable" || attempt >= OUTAGE_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * attempt)));
    }
  }
}
