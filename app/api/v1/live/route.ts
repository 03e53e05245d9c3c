import { apiRoute } from "@/lib/api/handler";
import type { LiveEvent } from "@/lib/metrics/live-bus";
import { liveBus } from "@/lib/metrics/samplers";
import { isServerless } from "@/lib/runtime-mode";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

/**
 * In serverless mode nothing samples between requests and a function cannot hold a stream open, so
 * the answer is one `polling` event and the end of the stream: the browser (lib/client/live-connection.ts)
 * then polls the metrics routes, which sample on read, and does not try the stream again.
 */
function pollingInstead(): Response {
  const body = `retry: 3600000\nevent: polling\ndata: ${JSON.stringify({ mode: "serverless", reason: "serverless mode: poll the metrics routes instead" })}\n\n`;
  return new Response(body, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", "X-Eventscope-Live": "polling" } });
}

/** Server-Sent Events of every sampling cycle; `?cluster=` narrows it, Last-Event-ID resumes. */
export const GET = apiRoute(async (request) => {
  if (isServerless()) return pollingInstead();
  const url = new URL(request.url);
  const cluster = url.searchParams.get("cluster");
  const lastId = Number(request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? "0") || 0;
  const bus = liveBus();
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: LiveEvent) => {
        if (cluster && event.cluster !== cluster) return;
        controller.enqueue(encoder.encode(`id: ${event.id}\nevent: sample\ndata: ${JSON.stringify(event)}\n\n`));
      };
      controller.enqueue(encoder.encode(`retry: 3000\n: connected\n\n`));
      for (const event of bus.since(lastId)) send(event);
      const unsubscribe = bus.subscribe(send);
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(`: keep-alive\n\n`)), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
});
