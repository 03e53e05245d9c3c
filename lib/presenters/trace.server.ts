import "server-only";
import { errorResponse } from "@/lib/api/handler";
import type { Actor } from "@/lib/auth/roles";
import { getCluster } from "@/lib/clusters/registry";
import type { TraceQuery, trace } from "@/lib/contract/idempotency";
import { traceEvent } from "@/lib/trace/trace-event";
import type { TraceStreamLine } from "@/lib/trace/types";
import type { ResponseOf } from "@/lib/contract/operation";

/**
 * Every place an event id is found (topics and DLQs of every cluster, idempotency stores) and its
 * story. JSON by default; with `stream=1`, NDJSON: progress lines while the bounded scan runs, then
 * `{"type":"result","result":{...}}`. The actor decides whether masked fields may be matched (they may
 * not without the clear-values permission).
 */
export async function presentTrace(query: TraceQuery, actor: Actor, signal: AbortSignal): Promise<ResponseOf<typeof trace> | Response> {
  if (query.cluster) await getCluster(query.cluster); // 404 for an unknown cluster, before any scan
  const options = { perTopic: query.perTopic, budgetMs: query.budgetMs, cluster: query.cluster, topic: query.topic, signal, actor };
  if (query.stream !== "1" && query.stream !== "true") return traceEvent(query.id, options);

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: TraceStreamLine) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          // The client went away; the scan stops at its next read (the request's signal).
        }
      };
      try {
        const result = await traceEvent(query.id, { ...options, onProgress: send });
        send({ type: "result", result });
      } catch (error) {
        const { error: body } = (await errorResponse(error).json()) as { error: { code: string; message: string } };
        send({ type: "error", error: body });
      } finally {
        try {
          controller.close();
        } catch {
          // already closed
        }
      }
    },
  });
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
