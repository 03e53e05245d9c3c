import "server-only";
import type { LiveEvent } from "@/lib/metrics/live-bus";
import { liveBus } from "@/lib/metrics/samplers";
import { isServerless } from "@/lib/runtime-mode";

// GET /api/v1/live: the sampler's cycles as Server-Sent Events, one stream per viewer.

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

export interface LiveRequest {
  /** Only this cluster's samples. */
  cluster: string | null;
  /** Resume after this event id (0: from the events still buffered). */
  lastId: number;
  signal: AbortSignal;
}

/**
 * `?cluster=`, and Last-Event-ID (header, or `lastEventId` for clients that cannot set it). Read
 * leniently, as browsers resume: an id that is not a number starts from what is buffered.
 */
export function liveRequestOf(request: Request): LiveRequest {
  const url = new URL(request.url);
  const lastId = Number(request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? "0") || 0;
  return { cluster: url.searchParams.get("cluster"), lastId, signal: request.signal };
}

/** Server-Sent Events of every sampling cycle, or in serverless mode the polling answer. */
export function presentLiveStream({ cluster, lastId, signal }: LiveRequest): Response {
  if (isServerless()) return pollingInstead();
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
      signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
