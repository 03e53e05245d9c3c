import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { callAsAdmin } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Patterns chosen to make a backtracking RegExp run for hours, through the real routes on real Kafka:
// the trace's topic glob (a viewer's query string) and a header masking rule (an admin's, applied to
// every browse). Each request must simply answer. Before the wildcard matcher, the first test never
// returned (the RegExp held the event loop); the sizes are picked so that it would not in any CI run.
const { cleanup } = useTempConsoleEnv("eventscope-patterns-", {
  clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
});

/** The report's glob: eleven `*?` pairs and a character no topic name ends with. */
const HOSTILE_GLOB = `${"*?".repeat(11)}!`;
/** A valid header rule (letters and *) that no name matches, with ten stars to split a name among. */
const HOSTILE_HEADER_RULE = `${"*a".repeat(10)}*b`;
const LONG_HEADER = "a".repeat(3_000);

// Kafka allows 249 characters; a long name gives the old RegExp on the order of C(220, 11) splits to try.
const longTopic = `${uniqueName("it-patterns")}-${"x".repeat(200)}`;
const browsedTopic = uniqueName("it-patterns-browse");
let kafka: Kafka;
let traceRoute: any;
let messagesRoute: any;
let healthRoute: any;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, longTopic, 1);
  await createTopic(kafka, browsedTopic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: browsedTopic,
    messages: [
      { key: "k-1", value: JSON.stringify({ id: "e-1" }), headers: { [LONG_HEADER]: "kept", trace: "t-1" } },
      { key: "k-2", value: JSON.stringify({ id: "e-2" }), headers: { [`${LONG_HEADER}b`]: "secret-value-77" } },
    ],
  });
  await producer.disconnect();
  traceRoute = (await import("@/app/api/v1/trace/route")).GET;
  messagesRoute = (await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route")).GET;
  healthRoute = (await import("@/app/api/v1/health/route")).GET;
}, 120_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [longTopic, browsedTopic] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("trace topic glob", () => {
  it("answers the hostile glob, and health answers alongside it", async () => {
    const path = `/api/v1/trace?id=x&cluster=local-kafka&budgetMs=2000&topic=${encodeURIComponent(HOSTILE_GLOB)}`;
    const [trace, health] = await Promise.all([callAsAdmin(traceRoute, path), call(healthRoute, "/api/v1/health")]);
    expect(trace.status).toBe(200);
    expect(trace.body.limits.topic).toBe(HOSTILE_GLOB);
    expect(trace.body.totalTopics).toBe(0); // no topic name ends with "!"
    expect(health.status).toBe(200);
  }, 60_000);

  it("still matches topics by glob", async () => {
    const glob = `${longTopic.slice(0, 20)}*?x`;
    const trace = await callAsAdmin(traceRoute, `/api/v1/trace?id=x&cluster=local-kafka&budgetMs=2000&topic=${encodeURIComponent(glob)}`);
    expect(trace.status).toBe(200);
    expect(trace.body.totalTopics).toBe(1);
  }, 60_000);

  it("refuses a glob longer than 256 characters with a 400 naming the field", async () => {
    const trace = await callAsAdmin(traceRoute, `/api/v1/trace?id=x&topic=${"*?".repeat(129)}`);
    expect(trace.status).toBe(400);
    expect(trace.body.error).toMatchObject({ code: "invalid-input", field: "topic" });
    expect(trace.body.error.message).toContain("256");
  });
});

describe("header masking rule", () => {
  it("lets a browse answer with a hostile rule and a long header name, masking what the rule names", async () => {
    const rules = (await import("@/app/api/v1/masking-rules/route")).POST;
    const created = await callAsAdmin(rules, "/api/v1/masking-rules", {}, jsonInit("POST", { kind: "header", pattern: HOSTILE_HEADER_RULE }));
    expect(created.status).toBe(201);
    const page = await callAsAdmin(
      messagesRoute,
      `/api/v1/clusters/local-kafka/topics/${browsedTopic}/messages?partition=0&from=0`,
      { cluster: "local-kafka", topic: browsedTopic },
    );
    expect(page.status).toBe(200);
    const [first, second] = page.body.messages;
    expect(first.headers).toEqual({ [LONG_HEADER]: "kept", trace: "t-1" });
    expect(second.headers).toEqual({ [`${LONG_HEADER}b`]: "***" });
    expect(JSON.stringify(page.body)).not.toContain("secret-value-77");
  }, 60_000);

  it("refuses a rule pattern longer than 256 characters with a 400 naming the field", async () => {
    const rules = (await import("@/app/api/v1/masking-rules/route")).POST;
    const refused = await callAsAdmin(rules, "/api/v1/masking-rules", {}, jsonInit("POST", { kind: "header", pattern: "a".repeat(257) }));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid-input", field: "pattern" });
  });
});
