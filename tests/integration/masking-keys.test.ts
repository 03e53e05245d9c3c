import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { bearer } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Masking rules of kind `key` cover message keys (`$`: the whole key; a JSON path: a field of a JSON
// key), through the real routes on real Kafka: browse, search, the DLQ list and its text filter, and
// the trace show "***" and cannot be used to find a message by its masked key, for users without
// the clear-values permission (issue 11: keys were never masked).
const { cleanup } = useTempConsoleEnv("eventscope-mask-keys-", {
  clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }],
});
const cluster = "k";
const topic = uniqueName("it-mask-keys");
const dlq = `${topic}.dlq`;
const jsonKeyTopic = uniqueName("it-mask-jsonkeys");
const KEY = uniqueName("cust-4711");
const tokens: Record<"vic" | "carl", string> = { vic: "", carl: "" };
const as = (who: keyof typeof tokens) => bearer(tokens[who]);
const admin = bearer();
let kafka: Kafka;
let routes: Record<string, any>;

const browse = (who: keyof typeof tokens, name: string, query = "") =>
  call(routes.messages.GET, `/api/v1/clusters/${cluster}/topics/${name}/messages?limit=20${query}`, { cluster, topic: name }, { headers: as(who) });
const dlqList = (who: keyof typeof tokens, query = "") =>
  call(routes.dlqMessages.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/messages?status=all${query}`, { cluster, topic: dlq }, { headers: as(who) });
const trace = (who: keyof typeof tokens, id: string) =>
  call(routes.trace.GET, `/api/v1/trace?id=${encodeURIComponent(id)}&cluster=${cluster}&topic=${encodeURIComponent(`${topic}*`)}&budgetMs=5000`, {}, { headers: as(who) });

beforeAll(async () => {
  kafka = testKafka();
  for (const name of [topic, dlq, jsonKeyTopic]) await createTopic(kafka, name, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: KEY, value: JSON.stringify({ note: "order placed" }) }] });
  await producer.send({ topic: dlq, messages: [{ key: KEY, value: JSON.stringify({ note: "order failed" }), headers: { "x-original-topic": topic, "x-error": "boom" } }] });
  await producer.send({ topic: jsonKeyTopic, messages: [{ key: JSON.stringify({ tenant: "t1", customerId: KEY }), value: "{}" }] });
  await producer.disconnect();
  routes = {
    rules: await import("@/app/api/v1/masking-rules/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
  // The DLQ inherits the original topic's rules (its messages came from there).
  for (const rule of [{ topic, kind: "key", pattern: "$" }, { topic: jsonKeyTopic, kind: "key", pattern: "$.customerId" }]) {
    const created = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", rule, admin));
    expect(created.status).toBe(201);
    expect(created.body.rule).toMatchObject(rule);
  }
  const { createUser } = await import("@/lib/auth/users");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  for (const [username, canSeeClearValues] of [["vic", false], ["carl", true]] as const) {
    const user = await createUser({ username, password: "a-long-password-123", role: "viewer", canSeeClearValues });
    tokens[username] = (await createApiToken(user.id, "it")).token;
  }
}, 120_000);

afterAll(async () => {
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.deleteTopics({ topics: [topic, dlq, jsonKeyTopic] }).catch(() => undefined);
  await kafkaAdmin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a key masking rule", () => {
  it("refuses a pattern that is not a JSON path (400 naming pattern)", async () => {
    const response = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic, kind: "key", pattern: "customerId" }, admin));
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe("pattern");
  });

  it("masks the key in browse, and a search by it finds nothing, without the permission", async () => {
    const page = await browse("vic", topic);
    expect(page.body.messages).toHaveLength(1);
    expect(page.body.messages[0]).toMatchObject({ key: "***", masked: true });
    const searched = await browse("vic", topic, `&q=${KEY}`);
    expect(searched.status).toBe(200);
    expect(searched.body.messages).toEqual([]);
    expect(JSON.stringify([page.body, searched.body])).not.toContain(KEY);
  });

  it("shows and finds it with the permission", async () => {
    expect((await browse("carl", topic)).body.messages[0].key).toBe(KEY);
    expect((await browse("carl", topic, `&q=${KEY}`)).body.messages).toHaveLength(1);
  });

  it("masks a field of a JSON key with a path", async () => {
    const page = await browse("vic", jsonKeyTopic);
    expect(JSON.parse(page.body.messages[0].key)).toEqual({ tenant: "t1", customerId: "***" });
    expect((await browse("vic", jsonKeyTopic, `&q=${KEY}`)).body.messages).toEqual([]);
  });

  it("masks the key of the DLQ's messages (the original topic's rule), and its text filter does not match it", async () => {
    const listed = await dlqList("vic");
    expect(listed.body.messages).toHaveLength(1);
    expect(listed.body.messages[0].key).toBe("***");
    expect((await dlqList("vic", `&q=${KEY}`)).body.messages).toEqual([]);
    expect((await dlqList("carl", `&q=${KEY}`)).body.messages).toHaveLength(1);
  });

  it("is not an oracle in the trace: no hit by the masked key without the permission", async () => {
    const hidden = await trace("vic", KEY);
    expect(hidden.status).toBe(200);
    expect(hidden.body.hits).toEqual([]);
    const clear = await trace("carl", KEY);
    expect(clear.body.hits.length).toBeGreaterThanOrEqual(2);
    expect(clear.body.hits.map((hit: any) => hit.matchedBy)).toContain("key");
  }, 60_000);
});
