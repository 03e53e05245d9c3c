import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import type { BrokerConnector } from "@/lib/brokers/types";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { liveBus } from "@/lib/metrics/samplers";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { checkLiveEventData } from "../support/contract-check";
import { KAFKA_BROKERS, waitFor } from "../support/brokers";

process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;

// Every call the console makes to the broker goes through the connector; counting them there shows
// whether viewers add broker load.
let brokerCalls = 0;
const real = new KafkaConnector({ id: "it-live", name: "IT live", kind: "kafka", brokers: KAFKA_BROKERS });
const counted = new Proxy(real, {
  get(target, property, receiver) {
    const value = Reflect.get(target, property, receiver);
    if (typeof value !== "function" || property === "close") return value;
    return (...args: unknown[]) => {
      brokerCalls++;
      return value.apply(target, args);
    };
  },
}) as BrokerConnector;

const config = { id: "it-live", name: "IT live", kind: "kafka" as const, brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 };
const sampler = new ClusterSampler(config, liveBus(), { connector: () => counted, onSuccess: () => {}, onFailure: () => {} });
let GET: (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
const aborts: AbortController[] = [];

function openStream(lastEventId?: number) {
  const controller = new AbortController();
  aborts.push(controller);
  const headers: Record<string, string> = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(lastEventId ? { "last-event-id": String(lastEventId) } : {}) };
  return GET(new Request("http://localhost/api/v1/live?cluster=it-live", { headers, signal: controller.signal }), { params: Promise.resolve({} as Record<string, never>) });
}

async function readEvents(response: Response, count: number): Promise<{ id: number; data: any }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: { id: number; data: any }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!id || !data) continue;
      const parsed: unknown = JSON.parse(data);
      checkLiveEventData(parsed); // the contract's LiveEvent, strictly (call() cannot parse a stream)
      events.push({ id: Number(id), data: parsed });
    }
  }
  reader.releaseLock();
  return events;
}

async function callsPerCycle(cycles: number): Promise<number> {
  const startCalls = brokerCalls;
  const startCycles = sampler.cycles;
  await waitFor(async () => sampler.cycles >= startCycles + cycles, 30_000, `${cycles} cycles`);
  return (brokerCalls - startCalls) / (sampler.cycles - startCycles);
}

beforeAll(async () => {
  ({ GET } = await import("@/app/api/v1/live/route"));
  sampler.start();
  await waitFor(async () => sampler.cycles >= 2, 30_000, "first cycles");
}, 60_000);

afterAll(async () => {
  aborts.forEach((controller) => controller.abort());
  sampler.stop();
  await real.close();
});

describe("GET /api/v1/live", () => {
  it("streams sampled figures as Server-Sent Events and resumes after Last-Event-ID", async () => {
    const response = await openStream();
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const [first, second] = await readEvents(response, 2);
    expect(first.data).toMatchObject({ cluster: "it-live" });
    expect(Array.isArray(first.data.topics)).toBe(true);
    expect(Array.isArray(first.data.consumers)).toBe(true);
    expect(second.id).toBeGreaterThan(first.id);

    const resumed = await openStream(first.id);
    const [replayed] = await readEvents(resumed, 1);
    expect(replayed.id).toBe(second.id);
  });

  it("two hundred open clients do not change the broker request rate", async () => {
    const alone = await callsPerCycle(3);
    const streams = await Promise.all(Array.from({ length: 200 }, () => openStream()));
    expect(liveBus().subscriberCount).toBeGreaterThanOrEqual(200);
    const watched = await callsPerCycle(3);
    expect(watched).toBe(alone);
    expect(alone).toBe(1); // one batched snapshot per cycle
    // Every client got the updates.
    const sample = await readEvents(streams[199], 1);
    expect(sample[0].data.cluster).toBe("it-live");
  }, 60_000);

  it("stops sending to a client that went away", async () => {
    const before = liveBus().subscriberCount;
    const response = await openStream();
    await readEvents(response, 1);
    aborts.at(-1)!.abort();
    await waitFor(async () => liveBus().subscriberCount === before, 10_000, "the subscription to end");
  });
});
