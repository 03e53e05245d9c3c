import "server-only";
import type { TraceSource } from "@/lib/trace/trace-sources";
import type { TraceHit, TraceSourceReport } from "@/lib/trace/types";
import { listOutboxSources } from "./registry";
import type { OutboxRow } from "./types";
import { outboxRowTime } from "./row-time";

// The event trace's first step: the outbox row recording the event id (its id, or Debezium's
// aggregate id), looked up directly in every outbox source (an indexed equality, read-only).

const LOOKUP_TIMEOUT_MS = 3_000;

export function outboxHit(sourceId: string, row: OutboxRow): TraceHit {
  const at = outboxRowTime(row.createdAt);
  const topic = row.topic ?? row.aggregateType ?? undefined;
  return {
    where: "outbox",
    store: sourceId,
    key: row.id,
    ...(topic ? { topic } : {}),
    ...(row.status ? { status: row.status } : {}),
    ...(row.attempts !== null ? { attempts: row.attempts } : {}),
    ...(at ? { timestamp: at } : {}),
    source: "outbox",
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

export const outboxTraceSource: TraceSource = {
  name: "outbox",
  firstPass: true,
  async run(context) {
    let sources;
    try {
      sources = listOutboxSources();
    } catch (error) {
      return { hits: [], report: { source: "outbox", status: "error", error: error instanceof Error ? error.message : String(error) } };
    }
    const hits: TraceHit[] = [];
    const failures: string[] = [];
    await Promise.all(
      sources.map(async (source) => {
        try {
          const rows = await withTimeout(source.rowsForEvent(context.id), LOOKUP_TIMEOUT_MS);
          hits.push(...rows.map((row) => outboxHit(source.id, row)));
        } catch (error) {
          failures.push(`${source.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    context.counters.hits += hits.length;
    const report: TraceSourceReport = {
      source: "outbox",
      status: failures.length === 0 ? "ok" : failures.length === sources.length ? "error" : "partial",
      ...(failures.length > 0 ? { error: failures.sort().join("; ") } : {}),
    };
    return { hits, report };
  },
};
