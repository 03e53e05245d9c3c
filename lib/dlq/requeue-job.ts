import "server-only";
import type { TargetCheck } from "@/lib/brokers/names";
import { requireTarget, routeChecker, targetChecker } from "@/lib/brokers/publish-targets";
import type { BrokerDelivery, DeliveryCheckpoint } from "@/lib/brokers/delivery";
import type { PublishRequest, RawMessage } from "@/lib/brokers/types";
import { connectorFor, getCluster } from "@/lib/clusters/registry";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { countReasons } from "@/lib/jobs/failure-counts";
import { runDeliveryJob, type DeliveryTurn } from "@/lib/jobs/delivery-engine";
import { matches, scanDlq, toDlqMessages, type DlqContext, type DlqCursor, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { claimForJob, countRequeuedByJob, inFlightClaims, markRequeued, releaseClaims, type StateKey } from "./dlq-state";
import { maskForSearch } from "./mask-dlq-messages";
import { parseDlqMessageId } from "./requeue-id";
import { kindInfo } from "@/lib/brokers/kinds";
import { readByDerivedIds } from "./read-by-derived-ids";
import type { RequeueJobParams } from "./requeue-params";

// Executes a requeue job on the delivery engine (lib/jobs/delivery-engine.ts): claim a batch of
// pending DLQ messages, route them, publish them once under the broker's protocol, record them as
// requeued, save the cursor, repeat. After a crash the claims left "in flight" are settled first
// (the broker's delivery says which were sent; the others are given back) so nothing is sent twice.

export const REQUEUE_ID_HEADER = "x-eventscope-requeue-id";
export const REQUEUED_FROM_HEADER = "x-eventscope-requeued-from";
// Messages per batch (at most a second's worth at the job's rate): every batch costs a few database
// statements and broker round trips whatever its size, so bigger batches go faster.
const BATCH = 2_000;

interface RequeueCursor {
  scan?: DlqCursor;
  idIndex?: number;
  /** The broker's checkpoint for finding copies after a crash (lib/brokers/delivery.ts). */
  delivery?: DeliveryCheckpoint;
  /** Written by versions before the delivery interface: Kafka's target log ends (now delivery.targets). */
  targets?: Record<string, Record<string, number>>;
}

interface RequeueTurn extends DeliveryTurn {
  /** DLQ message ids published in this turn, and the ones refused with why. */
  sentIds: string[];
  refused: { id: string; reason: string }[];
  after: RequeueCursor;
}

export async function executeRequeue(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as RequeueJobParams;
  const { config } = await getCluster(job.clusterId);
  const connector = connectorFor(config);
  const context: DlqContext = { clusterId: job.clusterId, clusterKind: config.kind, topic: params.topic, dlqKind: params.dlqKind, connector };
  const key: StateKey = { clusterId: job.clusterId, dlqTopic: params.topic };
  const cursor: RequeueCursor = (job.cursor as RequeueCursor | null) ?? {};
  if (cursor.targets && !cursor.delivery) cursor.delivery = { targets: cursor.targets };
  delete cursor.targets;
  const checkTarget = targetChecker(connector);
  const checkRoute = routeChecker(connector);
  const delivery = connector.delivery({ markerHeader: REQUEUE_ID_HEADER });
  // Where the DLQ is read by consuming it (RabbitMQ), the job reads through its delivery, which holds
  // what it read until it is sent or the job stops (lib/brokers/delivery.ts, HeldReader).
  const held = delivery.reader ? heldBatches(context, params, delivery) : undefined;

  let done = job.done;
  // A batch is at most one second of sending, so cancel and progress stay responsive at low rates.
  const batchSize = Math.max(1, Math.min(BATCH, params.ratePerSec));
  // The next batch is read while this one is claimed and sent (reads have no side effects, and the
  // claim, not the read, decides who sends a message), so broker reads overlap with acks.
  let prefetched: Promise<Batch> | undefined;
  // The claims the last settle found in flight.
  let claims: { messageId: string; requeueId: string }[] = [];

  try {
    return await runDeliveryJob<RequeueTurn>({
    connector,
    delivery,
    control,
    markerHeader: REQUEUE_ID_HEADER,
    ratePerSec: params.ratePerSec,
    cursor,
    source: {
      // The operator's target was checked when the job was asked for; the broker may have changed since.
      check: async () => {
        if (params.target) await requireTarget(connector, params.target);
      },
      // Claims left "requeuing" by a crash (at the start) or by a turn cut short.
      inFlight: async () => {
        claims = await inFlightClaims(key, job.id);
        return claims.map((claim) => {
          if (held) return { marker: claim.requeueId, source: { topic: params.topic, partition: 0, offset: 0, id: claim.messageId } };
          const position = parseDlqMessageId(context.clusterKind, claim.messageId);
          return { marker: claim.requeueId, ...(position ? { source: { topic: params.topic, ...position } } : {}) };
        });
      },
      settled: async (sent) => {
        if (claims.length > 0) {
          const byRequeueId = new Map(claims.map((claim) => [claim.requeueId, claim.messageId]));
          const sentIds = [...sent].flatMap((marker) => byRequeueId.get(marker) ?? []);
          await markRequeued(key, job.id, sentIds);
          const kept = new Set(sentIds);
          await releaseClaims(key, job.id, [...byRequeueId.values()].filter((id) => !kept.has(id)));
        }
        // `done` counts what the database records as requeued by this job, including what a crash
        // or an interrupted batch sent but never counted (found by the settle just above).
        const recorded = await countRequeuedByJob(key, job.id);
        if (recorded !== done) await control.progress({ done: recorded - done });
        done = recorded;
      },
      next: async () => {
        const batch = held ? await held(batchSize) : await (prefetched ?? nextBatch(context, params, cursor, batchSize));
        prefetched = undefined;
        if (batch.messages.length === 0 && batch.finished) return null;
        if (!batch.finished && !held) {
          prefetched = nextBatch(context, params, { ...cursor, ...batch.cursor }, batchSize);
          prefetched.catch(() => undefined); // awaited (and so reported) on the next turn
        }
        const claimed = await claimForJob(key, job.id, batch.messages.map(({ id, requeueId }) => ({ messageId: id, requeueId })));
        const mine = batch.messages.filter((message) => claimed.has(message.id));
        const { routable, refused } = await routeMessages(context, params, mine, checkTarget, checkRoute);
        return {
          copies: routable.map(({ message, request }) => ({
            request,
            marker: message.requeueId,
            source: held
              ? { topic: context.topic, partition: 0, offset: 0, id: message.id }
              : { topic: context.topic, partition: message.partition, offset: message.offset, ...idOf(context, message) },
          })),
          sentIds: routable.map((r) => r.message.id),
          refused,
          after: batch.cursor,
          finished: batch.finished,
        };
      },
      sent: async (turn) => {
        await markRequeued(key, job.id, turn.sentIds);
        // Refused messages stay pending in the DLQ, untouched, for the operator to look at.
        await releaseClaims(key, job.id, turn.refused.map((r) => r.id));
        Object.assign(cursor, turn.after);
        await control.progress(
          { done: turn.sentIds.length, failed: turn.refused.length, failures: countReasons(turn.refused.map((r) => r.reason)) },
          cursor,
        );
        done += turn.sentIds.length;
      },
      interrupted: () => {
        prefetched = undefined;
      },
    },
  });
  } finally {
    // Whatever the job still holds (messages it did not take) goes back to the DLQ.
    await delivery.close?.().catch(() => undefined);
  }
}

/**
 * Batches read through the delivery's reader: each read continues where the last one stopped (the
 * messages read stay held), from the head again after a settle (which gives everything back). Only
 * the messages the request covers are returned; the others stay held until the job stops.
 */
function heldBatches(context: DlqContext, params: RequeueJobParams, delivery: BrokerDelivery) {
  const filter = filterOf(params);
  const mask = params.matchMaskedValues ? maskForSearch(params.topic, { canSeeClearValues: false }, filter) : undefined;
  const wanted = params.ids ? new Set(params.ids) : undefined;
  return async (size: number): Promise<Batch> => {
    const raws = await delivery.reader!(context.topic).next(size);
    if (raws.length === 0) return { messages: [], cursor: {}, finished: true };
    const built = await toDlqMessages(context, raws, { values: filter?.q !== undefined });
    const chunk = mask ? await mask(built) : built;
    const messages = chunk.filter((message) => (wanted ? wanted.has(message.id) && message.status === "pending" : matches(message, filter, "pending")));
    return { messages, cursor: {}, finished: false };
  };
}

function filterOf(params: RequeueJobParams): DlqFilter | undefined {
  return (
    params.filter && {
      ...params.filter,
      since: params.filter.since ? new Date(params.filter.since) : undefined,
      until: params.filter.until ? new Date(params.filter.until) : undefined,
    }
  );
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
    const messages = await readByIds(context, ids, { values: false });
    return { messages: messages.filter((m) => m.status === "pending"), cursor: { idIndex: start + ids.length }, finished: start + ids.length >= params.ids.length };
  }
  const filter = filterOf(params);
  const mask = params.matchMaskedValues ? maskForSearch(params.topic, { canSeeClearValues: false }, filter) : undefined;
  const page = await scanDlq(context, { cursor: cursor.scan, limit: size, filter, status: "pending", budget: 50_000, mask, display: false });
  return { messages: page.messages, cursor: { scan: page.next }, finished: page.next === undefined };
}

/** The message's id, where the broker addresses messages by id: a copy's source is then removed by it. */
function idOf(context: DlqContext, message: DlqMessage): { id?: string } {
  const id = parseDlqMessageId(context.clusterKind, message.id)?.id;
  return id !== undefined ? { id } : {};
}

/** Ids this close together (same partition) are read in one paged read rather than one read each. */
const READ_RUN_GAP = 32;

/**
 * The DLQ messages with these ids, in the order given (unparsable or missing ids are left out).
 * Ids near each other on a partition are read together: a batch of 500 consecutive ids is a few
 * broker reads, not 500 (each of which also describes the topic).
 * @param options.values false when the messages are only sent on (see toDlqMessages).
 */
export async function readByIds(context: DlqContext, ids: string[], options = { values: true }): Promise<DlqMessage[]> {
  if (kindInfo(context.clusterKind).derivedDlqIds) return readByDerivedIds(context, ids, options);
  const offsetsByPartition = new Map<number, number[]>();
  // Messages addressed by id (Redis Streams): one batched read of exactly those ids.
  const byId = ids.flatMap((id) => parseDlqMessageId(context.clusterKind, id)?.id ?? []);
  if (byId.length > 0 && context.connector.readMessagesByIds) {
    const raws = await context.connector.readMessagesByIds(context.topic, byId);
    return toDlqMessages(context, raws, options);
  }
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
  return toDlqMessages(context, raws, options);
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
      ...(context.connector.capabilities.hasPartitions ? { partition } : {}),
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
  // Where the broker recorded the route the message first took (RabbitMQ), it goes back along it;
  // the original queue (or the DLQ) only names it.
  if (message.payload.origin.route !== undefined) return message.payload.origin.topic ?? context.topic;
  // From the clear origin: the shown originalTopic may be masked (a matching mask ran over the batch).
  // Where messages carry subjects (JetStream), a requeue goes to the original subject.
  if (context.connector.capabilities.hasSubjects) return message.payload.origin.subject ?? null;
  return message.payload.origin.topic;
}

function publishRequest(context: DlqContext, params: RequeueJobParams, message: DlqMessage, target: string): PublishRequest {
  const headers: Record<string, string | Buffer> = {};
  const dropped = new Set((params.dropHeaders ?? []).map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(message.payload.headers)) if (!dropped.has(name.toLowerCase())) headers[name] = value;
  Object.assign(headers, params.setHeaders ?? {});
  headers[REQUEUE_ID_HEADER] = message.requeueId;
  headers[REQUEUED_FROM_HEADER] = `${context.clusterId}/${context.topic}/${message.id}`;
  const route = params.target ? undefined : message.payload.origin.route;
  return {
    ...(route !== undefined ? { route } : {}),
    topic: target,
    key: message.payload.key,
    value: params.value !== undefined ? params.value : message.payload.value,
    headers,
  };
}

/**
 * Where each message goes: the operator's target (checked when the job started), else the one its
 * headers name, checked here for each message: a DLQ message is written by whoever failed to process
 * it, so its headers are untrusted input (a `$JS.API...` subject there would call the JetStream API).
 */
async function routeMessages(
  context: DlqContext,
  params: RequeueJobParams,
  messages: DlqMessage[],
  checkTarget: (target: string) => Promise<TargetCheck>,
  checkRoute: (route: string) => Promise<TargetCheck>,
) {
  const routable: { message: DlqMessage; request: PublishRequest }[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const message of messages) {
    const target = targetOf(context, params, message);
    if (!target) {
      refused.push({ id: message.id, reason: "its headers name no original topic or subject, and no target was given" });
      continue;
    }
    const route = params.target ? undefined : message.payload.origin.route;
    const check = params.target ? ({ ok: true } as const) : route !== undefined ? await checkRoute(route) : await checkTarget(target);
    if (check.ok) routable.push({ message, request: publishRequest(context, params, message, target) });
    else refused.push({ id: message.id, reason: headerTargetRefused(check.code) });
  }
  return { routable, refused };
}

/**
 * Why a target taken from a message's headers was refused, without the name: a job's reasons are
 * shown to every viewer, and the header may be one a masking rule hides (the message stays pending
 * in the DLQ, where those allowed see the name). One reason per kind also keeps the count small.
 */
function headerTargetRefused(code: "reserved" | "invalid" | "missing"): string {
  if (code === "reserved") return "the target its headers name was refused: reserved (a broker API subject, a reply inbox or an internal topic)";
  if (code === "invalid") return "the target its headers name was refused: not a valid name on this broker";
  return "the target its headers name was refused: it does not exist (no such topic, or no stream captures the subject)";
}
