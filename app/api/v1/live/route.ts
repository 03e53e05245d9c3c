import { apiRoute } from "@/lib/api/handler";
import type { LiveEvent } from "@/lib/metrics/live-bus";
import { liveBus } from "@/lib/metrics/samplers";
import { isServerless } from "@/lib/runtime-mode";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
/**
 * Frames a client may have waiting unread before it is dropped (it reconnects and resumes with
 * Last-Event-ID): a stalled reader must not hold every later cycle's figures in memory.
 */
const MAX_QUEUED_FRAMES = 16;

const encoder = new TextEncoder();
/**
 * Each event is serialised once, however many clients receive it: on a large cluster one event is
 * hundreds of kilobytes of JSON, and 100 viewers used to mean 100 JSON.stringify calls per cycle.
 */
const frames = new WeakMap<LiveEvent, Uint8Array>();
function frameOf(event: LiveEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    frame = encoder.encode(`id: ${event.id}\nevent: sample\ndata: ${JSON.stringify(event)}\n\n`);
    frames.set(event, frame);
  }
  return frame;
}

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
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: LiveEvent) => {
        if (cluster && event.cluster !== cluster) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) return cleanup();
        controller.enqueue(frameOf(event));
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
