import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { jsonInit } from "../support/routes";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// Server-side search end to end: the real route handler scanning real Kafka and JetStream. 50,000
// messages per topic; the needle sits only in a few late ones, so a search of the first page alone
// (the old behaviour) finds nothing.
// Calls go as the bootstrap admin, who does not see clear values: masking applies.
const { cleanup } = useTempConsoleEnv("eventscope-search-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});

const COUNT = 50_000;
const PARTITIONS = 3;
const NEEDLE = "needle-7f3a";
const SECRET = "SECRET-SSN-991";
/** Indexes (in production order) of the messages holding the needle: all late. */
const NEEDLE_AT = [46_001, 48_500, 49_998];
const SECRET_AT = 47_777;
const topic = uniqueName("it-search");
const stream = uniqueName("it_search").replace(/-/g, "_");

function payload(index: number): string {
  const body: Record<string, unknown> = { id: index, kind: "order.created", customer: `c-${index % 977}`, amount: (index * 7) % 1000, note: "lorem ipsum dolor sit amet" };
  if (NEEDLE_AT.includes(index)) body.note = `found ${NEEDLE.toUpperCase()} here`; // stored upper case: the search ignores case
  if (index === SECRET_AT) Object.assign(body, { ssn: SECRET, marker: "visible-marker-555" });
  return JSON.stringify(body);
}

let kafka: Kafka;
let messagesRoute: any;
let closeNats: () => Promise<void>;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, PARTITIONS);
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < COUNT; start += 5_000) {
    const messages = Array.from({ length: 5_000 }, (_, offset) => ({ partition: (start + offset) % PARTITIONS, key: `k-${start + offset}`, value: payload(start + offset) }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();

  const { nc, jsm, js } = await connectNats();
  closeNats = () => nc.drain();
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  for (let start = 0; start < COUNT; start += 1_000) {
    await Promise.all(
      Array.from({ length: 1_000 }, (_, offset) => {
        const index = start + offset;
        const h = natsHeaders();
        h.set("trace", `t-${index}`);
        return js.publish(`${stream}.orders`, payload(index), { headers: h });
      }),
    );
  }

  const rules = await import("@/app/api/v1/masking-rules/route");
  for (const target of [topic, stream]) {
    const created = await call(rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: target, kind: "json-path", pattern: "$..ssn" }));
    expect(created.status).toBe(201);
  }
  messagesRoute = (await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route")).GET;
}, 300_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const { nc, jsm } = await connectNats();
  await jsm.streams.delete(stream).catch(() => undefined);
  await nc.drain();
  await closeNats?.();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const search = (cluster: string, name: string, query: string) =>
  call(messagesRoute, `/api/v1/clusters/${cluster}/topics/${name}/messages?${query}`, { cluster, topic: name });

/** Follows `next` until the search ends; returns every match and the total scanned. */
async function searchAll(cluster: string, name: string, query: string) {
  const found: any[] = [];
  let scanned = 0;
  let requests = 0;
  let cursor: string | undefined;
  do {
    const answer = await search(cluster, name, `${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(answer.status).toBe(200);
    found.push(...answer.body.messages);
    scanned += answer.body.scanned;
    cursor = answer.body.next;
    requests++;
  } while (cursor && requests < 100);
  return { found, scanned, requests };
}

for (const [cluster, name, kind] of [
  ["local-kafka", topic, "Kafka"],
  ["local-nats", stream, "JetStream"],
] as const) {
  describe(`search on ${kind}`, () => {
    it("finds the needle in late messages, scanning everything once", async () => {
      const answer = await search(cluster, name, `q=${NEEDLE}&limit=50`);
      expect(answer.status).toBe(200);
      expect(answer.body.messages.map((message: any) => JSON.parse(message.value).id).sort()).toEqual(NEEDLE_AT);
      expect(answer.body.scanned).toBe(COUNT);
      expect(answer.body.stoppedBy).toBe("end");
      expect(answer.body.next).toBeUndefined();
    }, 60_000);

    it("stops at limit matches and continues exactly where it stopped", async () => {
      const first = await search(cluster, name, `q=${NEEDLE}&limit=1`);
      expect(first.body.messages).toHaveLength(1);
      expect(first.body.stoppedBy).toBe("matches");
      expect(typeof first.body.next).toBe("string");
      const rest = await searchAll(cluster, name, `q=${NEEDLE}&limit=1`);
      const ids = rest.found.map((message) => JSON.parse(message.value).id).sort();
      expect(ids).toEqual(NEEDLE_AT); // each match once, none lost between requests
      expect(rest.scanned).toBe(COUNT);
    }, 60_000);

    it("stops on the scan limit with a cursor, and the chain covers every message once", async () => {
      const first = await search(cluster, name, `q=${NEEDLE}&scanLimit=20000`);
      // Partitions are scanned batch by batch, not in time order across partitions: which matches the
      // first 20,000 hold depends on the layout, so only the budget figures are checked here.
      expect(first.body).toMatchObject({ scanned: 20_000, stoppedBy: "scanLimit" });
      expect(typeof first.body.next).toBe("string");
      const all = await searchAll(cluster, name, `q=${NEEDLE}&scanLimit=20000`);
      expect(all.requests).toBe(3);
      expect(all.scanned).toBe(COUNT);
      expect(all.found).toHaveLength(NEEDLE_AT.length);
    }, 60_000);

    it("starts at from on one partition", async () => {
      const answer = await search(cluster, name, `q=${NEEDLE}&partition=0&from=16000`);
      expect(answer.status).toBe(200);
      for (const message of answer.body.messages) expect(message.partition).toBe(0);
      const expected = kind === "Kafka" ? Math.ceil(COUNT / PARTITIONS) - 16_000 : COUNT - 16_000 + 1;
      expect(answer.body.scanned).toBe(expected);
    }, 60_000);

    it("does not find a message by a masked value, and masks what it returns", async () => {
      const hidden = await search(cluster, name, `q=${SECRET}`);
      expect(hidden.status).toBe(200);
      expect(hidden.body.messages).toEqual([]);
      expect(hidden.body.scanned).toBe(COUNT);
      const visible = await search(cluster, name, "q=visible-marker-555");
      expect(visible.body.messages).toHaveLength(1);
      expect(JSON.parse(visible.body.messages[0].value).ssn).toBe("***");
      expect(JSON.stringify(visible.body)).not.toContain(SECRET);
    }, 60_000);
  });
}

describe("search on a JetStream stream whose last messages were deleted", () => {
  it("ends the search instead of offering a cursor that finds nothing", async () => {
    const small = uniqueName("it_search_tail").replace(/-/g, "_");
    const { nc, jsm, js } = await connectNats();
    try {
      await jsm.streams.add({ name: small, subjects: [`${small}.>`] });
      for (let i = 1; i <= 10; i++) await js.publish(`${small}.x`, `message ${i}`);
      for (const seq of [8, 9, 10]) await jsm.streams.deleteMessage(small, seq);
      const answer = await search("local-nats", small, "q=nothing-like-this");
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ messages: [], scanned: 7, stoppedBy: "end" });
      expect(answer.body.next).toBeUndefined();
      // A cursor into the deleted tail (as an earlier search might have left) also ends at once.
      const resumed = await search("local-nats", small, `q=nothing-like-this&cursor=${Buffer.from("s1:0.8").toString("base64url")}`);
      expect(resumed.body).toMatchObject({ messages: [], scanned: 0, stoppedBy: "end" });
      expect(resumed.body.next).toBeUndefined();
    } finally {
      await jsm.streams.delete(small).catch(() => undefined);
      await nc.drain();
    }
  }, 30_000);
});

describe("search input", () => {
  it.each([
    ["q too long", `q=${"x".repeat(501)}`, "q"],
    ["scanLimit 0", "q=x&scanLimit=0", "scanLimit"],
    ["scanLimit huge", "q=x&scanLimit=100000000000", "scanLimit"],
    ["scanLimit not a number", "q=x&scanLimit=lots", "scanLimit"],
    ["a cursor this API did not make", "q=x&cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["a cursor without q", `cursor=${Buffer.from("s1:0.5").toString("base64url")}`, "cursor"],
  ])("refuses %s with a 400 naming the field", async (_, query, field) => {
    const answer = await search("local-kafka", topic, query);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(field);
  });

  it("refuses a cursor naming a partition the topic does not have", async () => {
    const answer = await search("local-kafka", topic, `q=x&cursor=${Buffer.from("s1:9.5").toString("base64url")}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe("cursor");
  });
});
