import "server-only";
import { isAppError, notFound } from "@/lib/api/errors";
import type { EventIdRule } from "@/lib/config/schema";
import { listClusters, withConnector } from "@/lib/clusters/registry";
import { ADVISORY_STREAM } from "@/lib/dlq/dlq-kinds";
import { isDlqName } from "@/lib/dlq/dlq-names";
import { parseDlqEnvelope } from "@/lib/dlq/parse-envelope";
import { rulesForTopic } from "@/lib/idempotency/event-id";
import { hasGlobSyntax, matchesGlob } from "@/lib/idempotency/glob";
import { eventIdRules } from "@/lib/idempotency/registry";
import type { RawMessage } from "@/lib/brokers/types";
import { decodeMessage, type Message } from "@/lib/messages/decode-message";
import { matchMessage, requeuedFrom } from "./match-message";
import type { TraceHit, TraceSourceReport } from "./types";

/** Topics scanned at once, across all clusters. */
const SCAN_CONCURRENCY = 4;
/** Messages asked for per read (the messages API's own cap). */
const READ_PAGE = 500;

export interface ScanCounters {
  scanned: number;
  scannedTopics: number;
  totalTopics: number;
  hits: number;
}

export interface TopicScanOptions {
  id: string;
  /** Epoch ms after which no new read starts. */
  deadline: number;
  /** Newest messages read per topic, spread over its non-empty partitions. */
  perTopic: number;
  /** Only this cluster; only topics with this name or matching this glob. */
  cluster?: string;
  topic?: string;
  /** True when another source (the DLQ module) searches DLQ topics itself. */
  skipDlqTopics: boolean;
  /**
   * Times the event is known to have been handled (an idempotency record's processedAt): besides the
   * newest messages, the minute before each is read, so the publish is found in long topics too.
   */
  timeHints?: string[];
  counters: ScanCounters;
  signal?: AbortSignal;
}

export interface TopicScanResult {
  hits: TraceHit[];
  report: TraceSourceReport;
  truncated: boolean;
  truncatedReason?: string;
}

/**
 * Names that hold broker internals, never events: Kafka's __consumer_offsets, JetStream KV/object
 * buckets, and the captured MaxDeliver advisories (they point at messages by sequence, not by id).
 */
function isInternalTopic(name: string): boolean {
  return name.startsWith("__") || name.startsWith("_confluent") || name.startsWith("KV_") || name.startsWith("OBJ_") || name === ADVISORY_STREAM;
}

const reasonOf = (error: unknown) => (isAppError(error) || error instanceof Error ? error.message : String(error));

/**
 * Reads the newest `perTopic` messages of every topic of every cluster, looking for the id in the key,
 * a header or a JSON field. Bounded: stops starting reads at the deadline, and says when it did (or
 * when topics were longer than `perTopic`), so the answer never pretends to be complete.
 */
export async function scanTopicsForId(options: TopicScanOptions): Promise<TopicScanResult> {
  const { counters } = options;
  let rules: EventIdRule[] = [];
  try {
    rules = eventIdRules();
  } catch {
    // A broken config file is reported by the stores source; the scan still looks at keys, headers and JSON.
  }
  const clusters = (await listClusters()).filter((entry) => !options.cluster || entry.config.id === options.cluster);
  if (options.cluster && clusters.length === 0) throw notFound(`cluster "${options.cluster}"`);
  const wanted = (name: string) =>
    !options.topic || (hasGlobSyntax(options.topic) ? matchesGlob(options.topic, name) : name === options.topic);
  const reports: NonNullable<TraceSourceReport["clusters"]> = [];
  const tasks: { cluster: string; topic: string; dlq: boolean; report: (typeof reports)[number] }[] = [];

  await Promise.all(
    clusters.map(async ({ config }) => {
      const report = { cluster: config.id, status: "ok" as "ok" | "down" | "partial", topics: 0, scannedTopics: 0 } as (typeof reports)[number];
      reports.push(report);
      try {
        const topics = await withConnector(config.id, (connector) => connector.listTopics());
        for (const topic of topics) {
          if (isInternalTopic(topic.name) || !wanted(topic.name)) continue;
          const dlq = isDlqName(topic.name, config.dlqTopics ?? []);
          if (dlq && options.skipDlqTopics) continue;
          tasks.push({ cluster: config.id, topic: topic.name, dlq, report });
          report.topics++;
        }
      } catch (error) {
        report.status = "down";
        report.error = reasonOf(error);
      }
    }),
  );
  reports.sort((a, b) => a.cluster.localeCompare(b.cluster));
  // DLQs first (where the story usually turns), then by name.
  tasks.sort((a, b) => Number(b.dlq) - Number(a.dlq) || a.cluster.localeCompare(b.cluster) || a.topic.localeCompare(b.topic));
  counters.totalTopics += tasks.length;

  const hits: TraceHit[] = [];
  let longerThanLimit = 0;
  let outOfTime = false;
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      if (Date.now() >= options.deadline || options.signal?.aborted) {
        outOfTime = true;
        task.report.status = task.report.status === "down" ? "down" : "partial";
        continue;
      }
      try {
        const outcome = await scanTopic(task.cluster, task.topic, task.dlq, rulesForTopic(task.topic, rules), options, hits);
        if (outcome.longer) longerThanLimit++;
        if (outcome.complete) {
          counters.scannedTopics++;
          task.report.scannedTopics++;
        } else {
          outOfTime = true;
          task.report.status = "partial";
        }
      } catch (error) {
        task.report.status = "partial";
        task.report.error ??= `${task.topic}: ${reasonOf(error)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, tasks.length) }, worker));
  await followDlqPointers(hits, options);

  const reasons: string[] = [];
  if (outOfTime) reasons.push(`the time budget ran out after ${counters.scannedTopics} of ${counters.totalTopics} topics`);
  if (longerThanLimit > 0) {
    reasons.push(
      `${longerThanLimit} topic${longerThanLimit === 1 ? " is" : "s are"} longer than ${options.perTopic} messages; only the newest${
        options.timeHints?.length ? " (and those of the minute before the processing time)" : ""
      } were read`,
    );
  }
  const down = reports.filter((report) => report.status === "down");
  return {
    hits,
    truncated: reasons.length > 0,
    ...(reasons.length > 0 ? { truncatedReason: reasons.join("; ") } : {}),
    report: {
      source: "topics",
      status: down.length === reports.length && reports.length > 0 ? "error" : down.length > 0 || reasons.length > 0 ? "partial" : "ok",
      ...(down.length > 0 ? { error: down.map((report) => `${report.cluster}: ${report.error}`).join("; ") } : {}),
      clusters: reports,
    },
  };
}

/** Seconds before a known processing time where the published message is looked for. */
const HINT_LEAD_MS = 60_000;
const MAX_HINTS = 3;

async function scanTopic(
  cluster: string,
  topic: string,
  dlq: boolean,
  rules: readonly EventIdRule[],
  options: TopicScanOptions,
  hits: TraceHit[],
): Promise<{ complete: boolean; longer: boolean }> {
  const detail = await withConnector(cluster, (connector) => connector.describeTopic(topic));
  const partitions = detail.partitions.filter((partition) => partition.high > partition.low);
  if (partitions.length === 0) return { complete: true, longer: false };
  const quota = Math.max(1, Math.ceil(options.perTopic / partitions.length));
  const longer = partitions.some((partition) => partition.high - partition.low > quota);
  const outOfTime = () => Date.now() >= options.deadline || Boolean(options.signal?.aborted);
  const examine = (raw: RawMessage) => {
    const message = decodeMessage(raw);
    options.counters.scanned++;
    const matchedBy = matchMessage(message, options.id, rules);
    if (matchedBy === null) return;
    options.counters.hits++;
    hits.push(messageHit(cluster, topic, dlq, message, matchedBy));
  };
  const hints = [...new Set(options.timeHints ?? [])].slice(0, MAX_HINTS);
  for (const partition of partitions) {
    const newestFrom = Math.max(partition.low, partition.high - quota);
    let from = newestFrom;
    while (from < partition.high) {
      if (outOfTime()) return { complete: false, longer };
      const limit = Math.min(READ_PAGE, partition.high - from);
      const page = await withConnector(cluster, (connector) => connector.readMessages(topic, { partition: partition.partition, from, limit }));
      page.messages.forEach(examine);
      const last = page.messages.at(-1);
      const advanced = page.next?.offset ?? (last ? last.offset + 1 : partition.high);
      if (advanced <= from) break;
      from = advanced;
    }
    // Older than the newest window: the minute before each known processing time.
    if (newestFrom > partition.low) {
      for (const hint of hints) {
        if (outOfTime()) return { complete: false, longer };
        const since = new Date(Date.parse(hint) - HINT_LEAD_MS);
        const page = await withConnector(cluster, (connector) =>
          connector.readMessages(topic, { partition: partition.partition, since, limit: Math.min(READ_PAGE, quota) }),
        );
        for (const raw of page.messages) if (raw.offset < newestFrom && !hasHit(hits, cluster, topic, raw.partition, raw.offset)) examine(raw);
      }
    }
  }
  return { complete: true, longer };
}

function hasHit(hits: readonly TraceHit[], cluster: string, topic: string, partition: number, offset: number): boolean {
  return hits.some((hit) => hit.cluster === cluster && hit.topic === topic && hit.partition === partition && hit.offset === offset);
}

function messageHit(cluster: string, topic: string, dlq: boolean, message: Message, matchedBy: string): TraceHit {
  return {
    where: dlq ? "dlq" : "topic",
    cluster,
    topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: message.timestamp,
    matchedBy,
    source: "topics",
    ...(dlq ? dlqFacts(topic, message.headers) : requeueFacts(message.headers)),
  };
}

/**
 * A dead-lettered message that says where it came from (x-original-partition/offset) leads straight
 * to the original, however old: read that one message, when the scan did not meet it already.
 */
async function followDlqPointers(hits: TraceHit[], options: TopicScanOptions): Promise<void> {
  const pointers = hits.filter(
    (hit) => hit.where === "dlq" && hit.originalTopic && hit.originalPartition !== undefined && hit.originalOffset !== undefined,
  );
  for (const pointer of pointers.slice(0, 20)) {
    if (Date.now() >= options.deadline || options.signal?.aborted) return;
    const { cluster, originalTopic, originalPartition, originalOffset } = pointer as Required<Pick<TraceHit, "cluster" | "originalTopic" | "originalPartition" | "originalOffset">>;
    if (hasHit(hits, cluster, originalTopic, originalPartition, originalOffset)) continue;
    try {
      const page = await withConnector(cluster, (connector) =>
        connector.readMessages(originalTopic, { partition: originalPartition, from: originalOffset, limit: 1 }),
      );
      const raw = page.messages.find((candidate) => candidate.offset === originalOffset);
      if (!raw) continue;
      const message = decodeMessage(raw);
      options.counters.scanned++;
      options.counters.hits++;
      hits.push(messageHit(cluster, originalTopic, false, message, `x-original-offset of ${pointer.topic}`));
    } catch {
      // The original topic may be gone or on another cluster; the DLQ hit still tells the story.
    }
  }
}

/** What a dead-lettered message says about its failure (the DLQ module's envelope parsing). */
function dlqFacts(topic: string, headers: Record<string, string>): Partial<TraceHit> {
  const envelope = parseDlqEnvelope(topic, headers);
  const hasError = Object.keys(headers).length > 0 && !envelope.error.startsWith("unknown error");
  return {
    ...(envelope.attempts !== null ? { attempts: envelope.attempts } : {}),
    ...(hasError ? { error: envelope.error } : {}),
    ...(envelope.originalTopic ? { originalTopic: envelope.originalTopic } : {}),
    ...(envelope.originalPartition !== null ? { originalPartition: envelope.originalPartition } : {}),
    ...(envelope.originalOffset !== null ? { originalOffset: envelope.originalOffset } : {}),
  };
}

/** A requeued copy carries x-eventscope-requeued-from: the timeline shows it as "requeued", not "published". */
function requeueFacts(headers: Record<string, string>): Partial<TraceHit> {
  const from = requeuedFrom(headers);
  return from ? { requeuedFrom: from } : {};
}
