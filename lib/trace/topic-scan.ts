import "server-only";
import { isDomainError, notFound } from "@/lib/errors";
import type { EventIdRule } from "@/lib/config/schema";
import { listClusters, withConnector } from "@/lib/clusters/registry";
import { ADVISORY_STREAM } from "@/lib/dlq/dlq-kinds";
import { isDlqName } from "@/lib/dlq/dlq-names";
import { parseDlqEnvelope } from "@/lib/dlq/parse-envelope";
import { rulesForTopic } from "@/lib/idempotency/event-id";
import { compileGlob, hasGlobSyntax } from "@/lib/idempotency/glob";
import { eventIdRules } from "@/lib/idempotency/registry";
import type { RawMessage, ScannedMessage } from "@/lib/brokers/types";
import { maskerByTopics } from "@/lib/masking/mask-messages";
import { decodeMessage, type Message } from "@/lib/messages/decode-message";
import { compileNeedle } from "@/lib/search/byte-match";
import { traceLinkFields } from "@/lib/trace-links/annotate-trace";
import { matchMessage, requeuedFrom } from "./match-message";
import { coveredToStart, describeCoverage, nextChunk, type PartitionCoverage } from "./scan-window";
import type { TopicCoverage, TraceHit, TraceSourceReport } from "./types";

/** Topics scanned at once, across all clusters. */
const SCAN_CONCURRENCY = 4;

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
  /** The first (newest) window read per topic, spread over its non-empty partitions; older windows double. */
  perTopic: number;
  /** Only this cluster; only topics with this name or matching this glob. */
  cluster?: string;
  topic?: string;
  /** True when another source (the DLQ module) searches DLQ topics itself. */
  skipDlqTopics: boolean;
  counters: ScanCounters;
  signal?: AbortSignal;
  /**
   * False: each message is masked (the topic's rules; a DLQ message's also those of its original
   * topic) before it is matched, so a masked value finds nothing and no masked field is named.
   */
  canSeeClearValues: boolean;
  /** Told of each hit as it is found. */
  onHit?: (hit: TraceHit) => void;
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

const reasonOf = (error: unknown) => (isDomainError(error) || error instanceof Error ? error.message : String(error));

/**
 * Reads every topic of every cluster newest first, back to what each retains, looking for the id in
 * the key, a header or a JSON field. Bounded: stops at the deadline, and says per topic how far back
 * it read (coverage), so the answer never pretends to be complete.
 */
export async function scanTopicsForId(options: TopicScanOptions): Promise<TopicScanResult> {
  const { counters } = options;
  let rules: EventIdRule[] = [];
  try {
    rules = eventIdRules();
  } catch {
    // A broken config file is reported by the stores source; the scan still looks at keys, headers and JSON.
  }
  const maskFor = await maskerByTopics({ canSeeClearValues: options.canSeeClearValues });
  const clusters = (await listClusters()).filter((entry) => !options.cluster || entry.config.id === options.cluster);
  if (options.cluster && clusters.length === 0) throw notFound(`cluster "${options.cluster}"`);
  const topicGlob = options.topic && hasGlobSyntax(options.topic) ? compileGlob(options.topic) : null;
  const wanted = (name: string) => !options.topic || (topicGlob ? topicGlob.test(name) : name === options.topic);
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
  const states = new Map<(typeof tasks)[number], TopicScanState>();
  let outOfTime = false;
  // Two rounds: the newest window of every topic first, then each topic further back, so a short
  // budget is spent on every topic's recent past before any topic's old history.
  for (const maxWindows of [1, Infinity]) {
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        const known = states.get(task);
        if (known && coveredToStart(known.coverage)) continue;
        if (Date.now() >= options.deadline || options.signal?.aborted) {
          outOfTime = true;
          continue;
        }
        try {
          const state = known ?? (await startTopicScan(task.cluster, task.topic, task.dlq, rulesForTopic(task.topic, rules), options));
          states.set(task, state);
          await scanTopicWindows(state, maxWindows, options, hits, maskFor);
        } catch (error) {
          task.report.status = "partial";
          task.report.error ??= `${task.topic}: ${reasonOf(error)}`;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SCAN_CONCURRENCY, tasks.length) }, worker));
  }
  const coverage: TopicCoverage[] = [];
  for (const task of tasks) {
    const state = states.get(task);
    if (!state) {
      if (task.report.status === "ok") task.report.status = "partial";
      continue;
    }
    const topicCoverage = coverageOf(state);
    coverage.push(topicCoverage);
    if (topicCoverage.complete) {
      counters.scannedTopics++;
      task.report.scannedTopics++;
    } else {
      outOfTime = true;
      task.report.status = "partial";
    }
  }
  await followDlqPointers(hits, options, maskFor);

  coverage.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.topic.localeCompare(b.topic));
  const reasons: string[] = [];
  if (outOfTime) reasons.push(`the time budget ran out after ${counters.scannedTopics} of ${counters.totalTopics} topics were read to their start`);
  const short = coverage.filter((topic) => !topic.complete);
  if (short.length > 0) {
    reasons.push(
      short
        .slice(0, 3)
        .map((topic) => `${topic.topic} (${topic.cluster}) read ${describeCoverage(topic.partitions.map(toPartitionCoverage))}, ${topic.scanned} messages`)
        .join("; ") + (short.length > 3 ? `; and ${short.length - 3} more topics` : ""),
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
      coverage,
    },
  };
}

interface TopicScanState {
  cluster: string;
  topic: string;
  dlq: boolean;
  rules: readonly EventIdRule[];
  coverage: PartitionCoverage[];
  /** Messages of the next window back, per partition (doubles after each window). */
  size: number;
  scanned: number;
}

async function startTopicScan(cluster: string, topic: string, dlq: boolean, rules: readonly EventIdRule[], options: TopicScanOptions): Promise<TopicScanState> {
  const detail = await withConnector(cluster, (connector) => connector.describeTopic(topic));
  const coverage: PartitionCoverage[] = detail.partitions
    .filter((partition) => partition.high > partition.low)
    .map(({ partition, low, high }) => ({ partition, low, high, from: high }));
  return { cluster, topic, dlq, rules, coverage, size: Math.max(1, Math.ceil(options.perTopic / Math.max(1, coverage.length))), scanned: 0 };
}

/**
 * Reads up to `maxWindows` more windows of one topic, each further back and twice the one before, with
 * the server-side scan (lib/search's byte pre-filter: only messages whose raw bytes contain the id are
 * decoded, masked and matched), until the log start or the deadline.
 */
async function scanTopicWindows(
  state: TopicScanState,
  maxWindows: number,
  options: TopicScanOptions,
  hits: TraceHit[],
  maskFor: Awaited<ReturnType<typeof maskerByTopics>>,
): Promise<void> {
  const { cluster, topic, dlq, rules, coverage } = state;
  const outOfTime = () => Date.now() >= options.deadline || Boolean(options.signal?.aborted);
  const needle = compileNeedle(options.id);
  const examine = (raw: RawMessage) => {
    const clear = decodeMessage(raw);
    const original = dlq ? parseDlqEnvelope(topic, clear.headers).originalTopic : null;
    const message = maskFor(original ? [topic, original] : [topic])(clear);
    const matchedBy = matchMessage(message, options.id, rules);
    if (matchedBy === null) return;
    options.counters.hits++;
    const hit = messageHit(cluster, topic, dlq, message, matchedBy);
    hits.push(hit);
    options.onHit?.(hit);
  };
  for (let windows = 0; windows < maxWindows && !outOfTime(); windows++) {
    const chunk = nextChunk(coverage, state.size);
    if (chunk.length === 0) return;
    state.size *= 2;
    const ends = new Map(chunk.map((part) => [part.partition, part.end]));
    const firstTime = new Map<number, number>();
    const passed = new Set<number>();
    const visit = (message: ScannedMessage): boolean => {
      // Past this window (read by an earlier, newer one): once every partition is there, stop.
      if (message.offset >= ends.get(message.partition)!) {
        passed.add(message.partition);
        return passed.size === chunk.length;
      }
      if (!firstTime.has(message.partition)) firstTime.set(message.partition, message.timestampMs);
      state.scanned++;
      options.counters.scanned++;
      if (needle.matches(message)) examine(view(message));
      return false;
    };
    const { remaining } = await withConnector(cluster, (connector) =>
      connector.scanMessages(topic, { resume: chunk.map(({ partition, start }) => ({ partition, offset: start })), visit, shouldStop: outOfTime }),
    );
    for (const part of chunk) {
      // Done with this window: seen past its end, or scanned to the log end (nothing left to read).
      if (!passed.has(part.partition) && remaining.some((left) => left.partition === part.partition && left.offset < part.end)) continue;
      const covered = coverage.find((p) => p.partition === part.partition)!;
      covered.from = part.start;
      const time = firstTime.get(part.partition);
      if (time !== undefined && Number.isFinite(time)) covered.fromTimeMs = time;
    }
  }
}

function coverageOf(state: TopicScanState): TopicCoverage {
  return {
    cluster: state.cluster,
    topic: state.topic,
    scanned: state.scanned,
    complete: coveredToStart(state.coverage),
    partitions: state.coverage.map(({ partition, low, high, from, fromTimeMs }) => ({
      partition,
      low,
      high,
      from,
      ...(fromTimeMs !== undefined ? { fromTime: new Date(fromTimeMs).toISOString() } : {}),
    })),
  };
}

/** A scanned message as a RawMessage for decoding, without copying: decoded at once, within the visit. */
function view(message: ScannedMessage): RawMessage {
  const millis = message.timestampMs;
  return {
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(Number.isFinite(millis) && millis >= 0 ? millis : 0).toISOString(),
    key: message.key,
    headers: message.headers,
    value: message.value,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.id !== undefined ? { id: message.id } : {}),
  };
}

const toPartitionCoverage = (p: TopicCoverage["partitions"][number]): PartitionCoverage => ({
  partition: p.partition,
  low: p.low,
  high: p.high,
  from: p.from,
  ...(p.fromTime ? { fromTimeMs: Date.parse(p.fromTime) } : {}),
});

/** Whether a hit already stands for this message: by id where messages carry one, else by offset. */
function hasHit(hits: readonly TraceHit[], cluster: string, topic: string, partition: number, offset: number | undefined, id?: string): boolean {
  return hits.some(
    (hit) => hit.cluster === cluster && hit.topic === topic && hit.partition === partition && (id !== undefined ? hit.id === id : hit.offset === offset),
  );
}

function messageHit(cluster: string, topic: string, dlq: boolean, message: Message, matchedBy: string): TraceHit {
  return {
    where: dlq ? "dlq" : "topic",
    cluster,
    topic,
    partition: message.partition,
    offset: message.offset,
    ...(message.id !== undefined ? { id: message.id } : {}),
    timestamp: message.timestamp,
    matchedBy,
    source: "topics",
    ...(dlq ? dlqFacts(topic, message.headers) : requeueFacts(message.headers)),
    // From the masked headers: a masked traceparent gives no trace id.
    ...traceLinkFields(message.headers),
  };
}

/**
 * A dead-lettered message that says where it came from (x-original-partition/offset) leads straight
 * to the original, however old: read that one message, when the scan did not meet it already.
 */
async function followDlqPointers(hits: TraceHit[], options: TopicScanOptions, maskFor: Awaited<ReturnType<typeof maskerByTopics>>): Promise<void> {
  const pointers = hits.filter(
    (hit) => hit.where === "dlq" && hit.originalTopic && (hit.originalId !== undefined || (hit.originalPartition !== undefined && hit.originalOffset !== undefined)),
  );
  for (const pointer of pointers.slice(0, 20)) {
    if (Date.now() >= options.deadline || options.signal?.aborted) return;
    const { cluster, originalTopic, originalId } = pointer as Required<Pick<TraceHit, "cluster" | "originalTopic">> & Pick<TraceHit, "originalId">;
    // An original id (Redis Streams) is exact; otherwise partition and offset say where it is.
    const originalPartition = pointer.originalPartition ?? 0;
    const originalOffset = pointer.originalOffset;
    if (hasHit(hits, cluster, originalTopic, originalPartition, originalOffset, originalId)) continue;
    try {
      const page = await withConnector(cluster, (connector) =>
        connector.readMessages(
          originalTopic,
          originalId !== undefined ? { fromId: originalId, limit: 1 } : { partition: originalPartition, from: originalOffset, limit: 1 },
        ),
      );
      const raw = page.messages.find((candidate) => (originalId !== undefined ? candidate.id === originalId : candidate.offset === originalOffset));
      if (!raw) continue;
      // Masked by its topic's rules like every other hit (its headers give the hit's requeue facts).
      const message = maskFor([originalTopic])(decodeMessage(raw));
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
    ...(envelope.originalId !== null ? { originalId: envelope.originalId } : {}),
  };
}

/** A requeued copy carries x-eventscope-requeued-from: the timeline shows it as "requeued", not "published". */
function requeueFacts(headers: Record<string, string>): Partial<TraceHit> {
  const from = requeuedFrom(headers);
  return from ? { requeuedFrom: from } : {};
}
