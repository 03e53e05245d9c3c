import "server-only";
import { isDomainError } from "@/lib/errors";
import { configErrorMessage } from "@/lib/config/load-config";
import { listStores } from "@/lib/idempotency/registry";
import { outboxTraceSource } from "@/lib/outbox/outbox-trace";
import { recordMasker } from "@/lib/masking/mask-records";
import { scanTopicsForId, type ScanCounters } from "./topic-scan";
import type { TraceHit, TraceSourceReport } from "./types";

// Where the trace looks for an event id. Each source is independent: one failing (a cluster or a
// store down) is reported in `sources` and the others still answer.

export interface TraceContext {
  id: string;
  /** Epoch ms: sources stop starting new work after this. */
  deadline: number;
  perTopic: number;
  /** Scope of the topic scan: one cluster, and topics by name or glob. */
  cluster?: string;
  topic?: string;
  counters: ScanCounters;
  /** True when some source searches DLQ topics itself, so the topic scan leaves them out. */
  skipDlqTopics: boolean;
  /** Times from the first-pass sources' hits (when a record says the event was processed). */
  timeHints: string[];
  signal?: AbortSignal;
  /** False: messages are masked (lib/masking) before they are matched, so a masked value finds nothing. */
  canSeeClearValues: boolean;
  /** Told of each topic hit as it is found (streamed to the client). */
  onHit?: (hit: TraceHit) => void;
}

export interface TraceSourceOutput {
  hits: TraceHit[];
  report: TraceSourceReport;
  truncated?: boolean;
  truncatedReason?: string;
}

export interface TraceSource {
  name: string;
  /** Searches DLQ topics (with their status), so the plain topic scan need not. */
  coversDlqTopics?: boolean;
  /** Runs before the others (fast, direct lookups); its hits' times guide the topic scan. */
  firstPass?: boolean;
  run(context: TraceContext): Promise<TraceSourceOutput>;
}

/**
 * A source from a plain finder, `(id) => hits`. This is how the DLQ module plugs in:
 *   hitsSource("dlq", findInDlqs, { coversDlqTopics: true })
 * Its hits should have where "dlq" and, when known, status "pending" | "requeued" | "discarded",
 * attempts and error; they are merged with the topic scan's hits of the same message.
 */
export function hitsSource(name: string, find: (id: string) => Promise<TraceHit[]>, options: { coversDlqTopics?: boolean } = {}): TraceSource {
  return {
    name,
    coversDlqTopics: options.coversDlqTopics,
    async run(context) {
      const remaining = Math.max(1_000, context.deadline - Date.now() + 2_000);
      try {
        const hits = await withTimeout(find(context.id), remaining, `${name}: no answer within the time budget`);
        context.counters.hits += hits.length;
        return { hits: hits.map((hit) => ({ source: name, ...hit })), report: { source: name, status: "ok" } };
      } catch (error) {
        return { hits: [], report: { source: name, status: "error", error: describe(error) } };
      }
    },
  };
}

/** A store that does not answer this fast is reported, not waited for (the scan waits on it). */
const FIRST_PASS_TIMEOUT_MS = 3_000;

/** Direct key lookups in every idempotency store (Redis: the pattern with `*` replaced by the id). */
export const idempotencySource: TraceSource = {
  name: "idempotency",
  firstPass: true,
  async run(context) {
    let stores;
    try {
      stores = listStores();
    } catch (error) {
      return { hits: [], report: { source: "idempotency", status: "error", error: configErrorMessage(error) } };
    }
    const reports: NonNullable<TraceSourceReport["stores"]> = [];
    const hits: TraceHit[] = [];
    // processedAt and consumer are read from record values: hidden when a masking rule covers their field.
    const mask = await recordMasker({ canSeeClearValues: context.canSeeClearValues });
    await Promise.all(
      stores.map(async (store) => {
        if (store.keyForEventId(context.id) === null) {
          reports.push({ store: store.id, status: "skipped", error: "the pattern has no single * to put the id in" });
          return;
        }
        try {
          const marks = await withTimeout(store.lookupEventIds([context.id]), FIRST_PASS_TIMEOUT_MS, `no answer within ${FIRST_PASS_TIMEOUT_MS / 1000} s`);
          const found = marks.get(context.id);
          const mark = found && mask.meta(found);
          reports.push({ store: store.id, status: "ok" });
          if (mark) {
            hits.push({
              where: "idempotency",
              store: store.id,
              key: mark.key,
              status: "processed",
              ...(mark.processedAt ? { timestamp: mark.processedAt } : {}),
              ttlSeconds: mark.ttlSeconds,
              ...(mark.consumer ? { consumer: mark.consumer } : {}),
              source: "idempotency",
            });
          }
        } catch (error) {
          const misconfigured = isDomainError(error) && error.code === "store-misconfigured";
          reports.push({ store: store.id, status: misconfigured ? "misconfigured" : "down", error: describe(error) });
        }
      }),
    );
    context.counters.hits += hits.length;
    reports.sort((a, b) => a.store.localeCompare(b.store));
    const failed = reports.filter((report) => report.status === "down" || report.status === "misconfigured");
    return {
      hits,
      report: {
        source: "idempotency",
        status: failed.length === 0 ? "ok" : failed.length === reports.length ? "error" : "partial",
        ...(failed.length > 0 ? { error: failed.map((report) => `${report.store}: ${report.error}`).join("; ") } : {}),
        stores: reports,
      },
    };
  },
};

/** Every topic of every cluster read newest first, back as far as the time budget allows (DLQ topics included, as "dlq"). */
export const topicsSource: TraceSource = {
  name: "topics",
  async run(context) {
    try {
      return await scanTopicsForId({
        id: context.id,
        deadline: context.deadline,
        perTopic: context.perTopic,
        cluster: context.cluster,
        topic: context.topic,
        skipDlqTopics: context.skipDlqTopics,
        counters: context.counters,
        signal: context.signal,
        canSeeClearValues: context.canSeeClearValues,
        onHit: context.onHit,
      });
    } catch (error) {
      return { hits: [], report: { source: "topics", status: "error", error: describe(error) } };
    }
  },
};

/**
 * The sources a trace asks, in this order. The DLQ module adds itself with ONE line:
 *   hitsSource("dlq", findInDlqs, { coversDlqTopics: true }),   // import { findInDlqs } from "@/lib/dlq/find-in-dlqs"
 * Until then, DLQ topics (found by name, lib/dlq/dlq-names.ts) are read by the topic scan and
 * reported with where "dlq"; traceEvent then adds their pending/requeued/discarded status from the
 * database (lib/dlq/dlq-trace-status.ts).
 */
export const TRACE_SOURCES: TraceSource[] = [idempotencySource, outboxTraceSource, topicsSource];

function describe(error: unknown): string {
  if (isDomainError(error)) {
    const reason = error.details?.reason;
    return typeof reason === "string" ? reason : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
