import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { bearer } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Hostile input to the routes added since the first hardening pass (issue 11, item 6 of its gaps),
// found by sending every route NUL, lone surrogates, 10 KB strings, __proto__ keys and huge numbers:
// what was answered 200 while doing nothing, or 500, now gets a 400 naming the field or safe output.
const { cleanup } = useTempConsoleEnv("eventscope-hostile-gaps-", {
  clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }],
});
const topic = uniqueName("it-deep-json");
const DEPTH = 20_000;
const admin = bearer();
let kafka: Kafka;
let routes: Record<string, any>;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  // A poisoned message: valid JSON nested 20,000 arrays deep (JSON.parse reads it; a recursive walk does not).
  await producer.send({ topic, messages: [{ key: "deep", value: "[".repeat(DEPTH) + "]".repeat(DEPTH) }, { key: "plain", value: JSON.stringify({ x: "secret", y: 1 }) }] });
  await producer.disconnect();
  routes = {
    rules: await import("@/app/api/v1/masking-rules/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    readOnly: await import("@/app/api/v1/settings/read-only/route"),
  };
}, 60_000);

afterAll(async () => {
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await kafkaAdmin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const putReadOnly = (body: unknown) => call(routes.readOnly.PUT, "/api/v1/settings/read-only", {}, jsonInit("PUT", body, admin));

describe("__proto__ keys in JSON bodies", () => {
  it("are refused with a 400 naming them, not dropped in silence (read-only switches, masking rules)", async () => {
    const readOnly = await call(routes.readOnly.PUT, "/api/v1/settings/read-only", {}, { method: "PUT", headers: { ...admin, "content-type": "application/json" }, body: '{"clusters":{"__proto__":true}}' });
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.error.field).toBe("clusters.__proto__");
    const rule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: '{"__proto__":{"topic":"x"},"kind":"header","pattern":"x-a"}' });
    expect(rule.status).toBe(400);
    expect(rule.body.error.field).toBe("__proto__");
  });
});

describe("a read-only switch for a cluster that does not exist", () => {
  it("is refused when switched on (it would protect nothing), allowed off (to clear a stale one)", async () => {
    const on = await putReadOnly({ clusters: { constructor: true } });
    expect(on.status).toBe(400);
    expect(on.body.error.field).toBe("clusters.constructor");
    expect((await putReadOnly({ clusters: { ghost: false } })).status).toBe(200);
    const real = await putReadOnly({ clusters: { k: true } });
    expect(real.body.clusters).toEqual({ k: true });
    await putReadOnly({ clusters: { k: false } });
  });
});

describe("a poisoned message nested 20,000 levels deep under a $..x masking rule", () => {
  it("is withheld, and the page around it is browsed and searched normally", async () => {
    const created = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic, kind: "json-path", pattern: "$..x" }, admin));
    expect(created.status).toBe(201);
    const page = await call(routes.messages.GET, `/api/v1/clusters/k/topics/${topic}/messages?limit=10`, { cluster: "k", topic }, { headers: admin });
    expect(page.status).toBe(200);
    const byKey = Object.fromEntries(page.body.messages.map((message: any) => [message.key, message]));
    expect(byKey.deep).toMatchObject({ masked: true, value: '"***"' });
    expect(JSON.parse(byKey.plain.value)).toEqual({ x: "***", y: 1 });
    const searched = await call(routes.messages.GET, `/api/v1/clusters/k/topics/${topic}/messages?limit=10&q=plain`, { cluster: "k", topic }, { headers: admin });
    expect(searched.status).toBe(200);
    expect(searched.body.messages.map((message: any) => message.key)).toEqual(["plain"]);
  });
});
