import { apiRoute, errorResponse, parseQuery } from "@/lib/api/handler";
import { getCluster } from "@/lib/clusters/registry";
import { traceQuerySchema } from "@/lib/idempotency/query-schemas";
import { traceEvent } from "@/lib/trace/trace-event";
import type { TraceStreamLine } from "@/lib/trace/types";

export const dynamic = "force-dynamic";

/**
 * Every place an event id is found (topics and DLQs of every cluster, idempotency stores) and its
 * story. JSON by default; with `stream=1`, NDJSON: progress lines while the bounded scan runs, then
 * `{"type":"result","result":{...}}`.
 */
export const GET = apiRoute(async (request, _params, actor) => {
  const query = parseQuery(request, traceQuerySchema);
  if (query.cluster) await getCluster(query.cluster); // 404 for an unknown cluster, before any scan
  // The actor decides whether masked fields may be matched (they may not without the clear-values permission).
  const options = { perTopic: query.perTopic, budgetMs: query.budgetMs, cluster: query.cluster, topic: query.topic, signal: request.signal, actor };
  if (query.stream !== "1" && query.stream !== "true") return traceEvent(query.id, options);

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: TraceStreamLine) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          // The client went away; the scan stops at its next read (request.signal).
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
});
