import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { openApiDocument } from "@/lib/contract/openapi";
import { createTopic, testKafka } from "../support/brokers";
import { fuzzOperations, fuzzSeed, makeRequest, type FuzzContext, type FuzzRequest } from "../support/api-fuzz";
import { formatReport, runFuzz, type KnownCase } from "../support/api-fuzz-run";
import { TRACE_MAX_BUDGET_MS, fuzzBudgetMs } from "../support/fuzz-budget";
import { createUser, startConsole, type Console } from "./support/stack";

// The API fuzz test's pass over a real socket against the production server (`node
// .next/standalone/server.js`): the same generator as tests/integration/api-fuzz.test.ts, plus what
// only the wire can carry and only Next's own request handling sees: bad percent-encoding in paths
// and query strings, invalid UTF-8 bytes in bodies, and oversized headers. Never a 5xx, never a
// request over a second (the trace: its budget plus a second), health answering throughout. EVENTSCOPE_FUZZ_SEED replays a run;
// EVENTSCOPE_FUZZ_SERVER_REQUESTS sets how many requests.
const SEED = fuzzSeed();
const REQUESTS = Number(process.env.EVENTSCOPE_FUZZ_SERVER_REQUESTS ?? 700);
const HEALTH_BUDGET_MS = Number(process.env.EVENTSCOPE_FUZZ_HEALTH_BUDGET_MS ?? 3_000);
const run = randomUUID().slice(0, 8);
const topic = `fuzz-srv-${run}`;
const dlqTopic = `${topic}.dlq`;
const group = `fuzz-srv-${run}-group`;

/** Bytes of a request's head as sent: request line and header lines (what Node's maxHeaderSize counts). */
const headBytes = (request: FuzzRequest) =>
  Buffer.byteLength(`${request.method} ${request.target} HTTP/1.1\r\n`) +
  Object.entries(request.headers).reduce((sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`), 0);

const KNOWN: KnownCase[] = [
  {
    // Node's HTTP parser, not the console: a request head over http.maxHeaderSize (16 KiB) is answered
    // 431 and the connection is closed at once. When the client is still writing its head, the close
    // resets the connection (TCP RST for the unread bytes) before the 431 is read, so the same request
    // gets 431 one time and ECONNRESET the next. Seen in CI for a 30 KB path; health answered throughout.
    reason: "a request head over Node's 16 KiB limit: 431 and an immediate close, which can reset a client still writing",
    matches: (request, detail) => /ECONNRESET|EPIPE/.test(detail) && headBytes(request) > http.maxHeaderSize,
  },
  {
    // Seen on the shared development machine, where other tests create and delete topics all the
    // time: a topic deleted while a Kafka read is under way fails that read (the snapshot retries
    // once, lib/brokers/kafka/kafka-connector.ts), and the routes answer 503 broker-unavailable
    // although the broker is up. Reported to the coordinator (Kafka reads under topic churn).
    reason: "a topic deleted during a Kafka read fails it with 503 (UNKNOWN_TOPIC_OR_PARTITION)",
    matches: (_request, detail) => /broker-unavailable/.test(detail) && /UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/.test(detail),
  },
  {
    // The same on NATS: a stream deleted by someone else between the stream listing and the reads of
    // a sampling cycle fails the cycle, and NATS routes answer 503 until the next one. Reported too.
    reason: "a JetStream stream deleted during a NATS read fails it with 503 (stream not found, 10059)",
    matches: (_request, detail) => /broker-unavailable/.test(detail) && /stream not found|10059/.test(detail),
  },
];

let app: Console;
let kafka: Kafka;
let context: FuzzContext;

/** One request over a socket, target and body byte for byte as generated. */
function sendRaw(method: string, target: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; text: string }> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, method, path: target, headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      const isStream = (response.headers["content-type"] ?? "").includes("text/event-stream");
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (isStream) response.destroy(); // the live stream never ends: its first bytes are enough
      });
      const done = () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      response.on("end", done);
      response.on("close", done);
    });
    request.setTimeout(TRACE_MAX_BUDGET_MS + 30_000, () => request.destroy(new Error(`${method} ${target.slice(0, 100)}: no answer in ${(TRACE_MAX_BUDGET_MS + 30_000) / 1000} s`)));
    request.on("error", reject);
    request.end(body);
  });
}

async function send(request: FuzzRequest): Promise<{ status: number; detail?: string }> {
  const answer = await sendRaw(request.method, request.target, request.headers, request.body);
  return { status: answer.status, detail: answer.status >= 500 ? answer.text : undefined };
}

async function tokenFor(role: "viewer" | "operator"): Promise<string> {
  const user = await createUser(app, `fuzz-${role}-${run}`, role);
  const signIn = await fetch(`${app.baseUrl}/api/v1/auth/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) });
  const cookie = /eventscope_session=[^;]*/.exec(signIn.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`signing in as ${user.username}: ${signIn.status}`);
  const token = await fetch(`${app.baseUrl}/api/v1/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ name: "fuzz" }) });
  return ((await token.json()) as { token: string }).token;
}

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 2);
  await createTopic(kafka, dlqTopic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `evt-${i}`, value: JSON.stringify({ id: `evt-${i}` }) })) });
  await producer.send({
    topic: dlqTopic,
    messages: Array.from({ length: 3 }, (_, i) => ({ key: `evt-${i}`, value: "{}", headers: { "x-original-topic": topic, "x-original-partition": "0", "x-original-offset": String(i), "x-error": "boom" } })),
  });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "2" }] });
  await admin.disconnect();

  app = await startConsole("api-fuzz");
  context = {
    document: openApiDocument,
    known: { cluster: ["local-kafka", "local-nats"], topic: [topic, dlqTopic], group: [group], store: ["orders-redis"], key: [], job: [] },
    knownFields: { target: [topic], topic: [topic], originalTopic: [topic], id: ["evt-1"], cluster: ["local-kafka"] },
    tokens: { viewer: await tokenFor("viewer"), operator: await tokenFor("operator"), admin: app.adminToken },
    wire: true,
  };
}, 600_000);

afterAll(async () => {
  await app?.stop();
  if (kafka) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
}, 120_000);

describe("the production server under fuzzing", () => {
  it("never answers 5xx, never takes longer than a second (the trace: its own budget plus a second), and health answers throughout", async () => {
    const operations = fuzzOperations(openApiDocument);
    console.log(`API fuzz (server): seed ${SEED} (replay with EVENTSCOPE_FUZZ_SEED=${SEED}), ${REQUESTS} requests`);
    const requests = Array.from({ length: REQUESTS }, (_, index) => makeRequest(context, operations, SEED, index));
    // What the generator cannot make from the schemas: a header block near and past Node's limit, and odd paths.
    const extras: FuzzRequest[] = [
      { ...requests[0]!, index: -1, method: "GET", target: `/api/v1/clusters/${"a".repeat(12_000)}`, headers: { authorization: `Bearer ${app.adminToken}` }, body: undefined, what: ["12,000-character path"] },
      { ...requests[0]!, index: -2, method: "GET", target: "/api/v1/health", headers: { "x-filler": "x".repeat(20_000) }, body: undefined, what: ["20,000-byte header"] },
      { ...requests[0]!, index: -3, method: "GET", target: "/api/v1//clusters/./local-kafka/../local-kafka/topics", headers: { authorization: `Bearer ${app.adminToken}` }, body: undefined, what: ["dot segments and empty segment"] },
      { ...requests[0]!, index: -4, method: "GET", target: "/api/v1/clusters/local-kafka%2Ftopics", headers: { authorization: `Bearer ${app.adminToken}` }, body: undefined, what: ["encoded slash"] },
      { ...requests[0]!, index: -5, method: "TRACE", target: "/api/v1/clusters", headers: {}, body: undefined, what: ["TRACE"] },
    ];
    const report = await runFuzz({
      requests: [...extras, ...requests],
      send,
      health: async () => (await sendRaw("GET", "/api/v1/health", {})).status,
      concurrency: 3,
      budgetMs: fuzzBudgetMs,
      hardTimeoutMs: TRACE_MAX_BUDGET_MS + 30_000,
      healthBudgetMs: HEALTH_BUDGET_MS,
      known: KNOWN,
      baseUrl: app.baseUrl,
      afterEach: async (request, status) => {
        if (request.operation.template !== "/api/v1/settings/read-only" || request.method !== "PUT" || status >= 300) return;
        await sendRaw("PUT", "/api/v1/settings/read-only", { authorization: `Bearer ${app.adminToken}`, "content-type": "application/json" }, Buffer.from(JSON.stringify({ readOnly: false, clusters: { "local-kafka": false, "local-nats": false } })));
      },
    });
    console.log(formatReport(report, SEED));
    expect(report.failures, `${formatReport(report, SEED)}\nserver log: ${app.logFile}`).toEqual([]);
    expect(Object.keys(report.byStatus)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404"]));
  }, 900_000);
});
