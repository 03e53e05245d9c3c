import { afterAll, describe, expect, it } from "vitest";
import { liveBus } from "@/lib/metrics/samplers";
import { TEST_ADMIN_TOKEN } from "../support/auth";

process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;

// GET /api/v1/live with many viewers: each cycle's event is serialised once for all of them, and a
// viewer that stops reading is dropped after a bounded backlog instead of holding every later event.
const { GET } = await import("@/app/api/v1/live/route");
const aborts: AbortController[] = [];
afterAll(() => aborts.forEach((controller) => controller.abort()));

function openStream(): Promise<Response> {
  const controller = new AbortController();
  aborts.push(controller);
  const request = new Request("http://localhost/api/v1/live?cluster=fanout", { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, signal: controller.signal });
  return GET(request, { params: Promise.resolve({} as Record<string, never>) });
}

const publish = (n: number) =>
  liveBus().publish({ cluster: "fanout", t: n, msgsPerSec: n, bytesPerSec: null, topics: [{ name: "t", msgsPerSec: n, bytesPerSec: null, messages: n }], consumers: [] });

describe("live stream fan-out", () => {
  it("sends every viewer the same serialised frame (one JSON.stringify per event)", async () => {
    const [a, b] = await Promise.all([openStream(), openStream()]);
    const readerA = a.body!.getReader();
    const readerB = b.body!.getReader();
    await Promise.all([readerA.read(), readerB.read()]); // ": connected"
    publish(1);
    const [frameA, frameB] = await Promise.all([readerA.read(), readerB.read()]);
    expect(new TextDecoder().decode(frameA.value)).toMatch(/^id: \d+\nevent: sample\ndata: \{.*"cluster":"fanout"/);
    expect(frameA.value).toBe(frameB.value);
    await Promise.all([readerA.cancel(), readerB.cancel()]);
  });

  it("drops a viewer that has stopped reading once its backlog is full, and keeps the others", async () => {
    const before = liveBus().subscriberCount;
    const [stalled, reading] = await Promise.all([openStream(), openStream()]);
    expect(liveBus().subscriberCount).toBe(before + 2);
    const reader = reading.body!.getReader();
    await reader.read(); // ": connected"
    let received = 0;
    for (let n = 0; n < 40; n++) {
      publish(n);
      const { value } = await reader.read();
      if (value && new TextDecoder().decode(value).includes("event: sample")) received++;
    }
    expect(received).toBe(40);
    expect(liveBus().subscriberCount).toBe(before + 1); // the stalled one is gone
    // What it had queued is still delivered, then its stream ends (EventSource reconnects and resumes).
    const stalledReader = stalled.body!.getReader();
    let frames = 0;
    for (;;) {
      const { done } = await stalledReader.read();
      if (done) break;
      frames++;
    }
    expect(frames).toBeGreaterThan(10);
    expect(frames).toBeLessThan(30);
    await reader.cancel();
  });
});
