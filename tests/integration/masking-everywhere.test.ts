import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { bearer } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// "Masked means masked everywhere a value or a match on it can leave the server, for everyone
// without the clear-values permission" (issue 11, item 5), through the real routes on real Kafka:
// a masking rule on `$..ssn`, messages holding an SSN, and two users who differ only in that
// permission. The bootstrap admin token (tests/support/auth.ts) does not see clear values either.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const recordPrefix = uniqueName("it-mask-records");
const store = "it-mask-redis";
const { cleanup } = useTempConsoleEnv("eventscope-masking-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
  ],
  idempotency: [{ id: store, kind: "redis", url: REDIS_URL, pattern: `${recordPrefix}:*` }],
});

const SSN = "SSN-SECRET-4411";
const ERROR_TEXT = "rejected by the consumer: card 4000-1234 is on a block list";
const original = uniqueName("it-maskall");
const stream = uniqueName("it_maskall").replace(/-/g, "_");
const dlq = `${original}.dlq`;
const cluster = "local-kafka";
const dlqParams = { cluster, topic: dlq };
const tokens: Record<"vic" | "olga" | "carl", string> = { vic: "", olga: "", carl: "" };
const as = (who: keyof typeof tokens) => bearer(tokens[who]);
const admin = bearer();
let kafka: Kafka;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, original, 1);
  await createTopic(kafka, dlq, 1);
  const producer = kafka.producer();
  await producer.connect();
  const headers = { "x-original-topic": original, "x-error": ERROR_TEXT };
  await producer.send({
    topic: dlq,
    messages: [
      { key: "k-1", value: JSON.stringify({ id: "e-1", customer: { ssn: SSN } }), headers },
      { key: "k-2", value: JSON.stringify({ id: "e-2", note: "nothing to hide" }), headers },
      // The search text in the clear, outside the masked field: found by everyone.
      { key: "k-3", value: JSON.stringify({ id: "e-3", note: "SSN-SECRET mentioned in a note" }), headers },
    ],
  });
  await producer.send({ topic: original, messages: [{ key: "k-9", value: JSON.stringify({ id: "e-9", customer: { ssn: SSN } }) }] });
  await producer.disconnect();

  routes = {
    rules: await import("@/app/api/v1/masking-rules/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    summary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
    jobs: await import("@/app/api/v1/jobs/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    trace: await import("@/app/api/v1/trace/route"),
    records: await import("@/app/api/v1/idempotency/[store]/records/route"),
    record: await import("@/app/api/v1/idempotency/[store]/records/[key]/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
  };
  const rule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: original, kind: "json-path", pattern: "$..ssn" }, admin));
  expect(rule.status).toBe(201);
  // A rule on a field the console reads "processed by" from (lib/idempotency/format-value.ts).
  const byRule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: original, kind: "json-path", pattern: "$.processedBy" }, admin));
  expect(byRule.status).toBe(201);
  // Error texts often quote the payload: a header rule on the error header of the original topic.
  const errorRule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: original, kind: "header", pattern: "x-error" }, admin));
  expect(errorRule.status).toBe(201);

  // The same on JetStream: a stream whose rule masks the SSN.
  const nats = await connectNats();
  await nats.jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  await nats.js.publish(`${stream}.orders`, JSON.stringify({ id: "n-1", customer: { ssn: SSN } }));
  await nats.nc.drain();
  const streamRule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: stream, kind: "json-path", pattern: "$..ssn" }, admin));
  expect(streamRule.status).toBe(201);

  // Idempotency records whose values hold the event (real Redis, the store's pattern).
  const redis = new Redis(REDIS_URL);
  await redis.set(`${recordPrefix}:e-1`, JSON.stringify({ consumer: "billing-svc", processedAt: "2026-12-06T10:00:00Z", event: { id: "e-1", customer: { ssn: SSN } } }), "EX", 3600);
  await redis.set(`${recordPrefix}:e-9`, JSON.stringify({ processedBy: "secret-worker-7", processedAt: "2026-12-06T10:05:00Z" }), "EX", 3600);
  await redis.quit();

  // Users made directly in the database (sign-in is not what this file tests).
  const { createUser } = await import("@/lib/auth/users");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  for (const [username, role, canSeeClearValues] of [
    ["vic", "viewer", false],
    ["olga", "operator", false],
    ["carl", "operator", true],
  ] as const) {
    const user = await createUser({ username, password: "a-long-password-123", role, canSeeClearValues });
    tokens[username] = (await createApiToken(user.id, "it")).token;
  }

  const { startJobs } = await import("@/lib/jobs/start-jobs");
  jobs = await import("@/lib/jobs/job-runner");
  startJobs();
  jobs.stopJobRunner(); // the test drives the runner itself
}, 120_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [original, dlq] }).catch(() => undefined);
  await admin.disconnect();
  const nats = await connectNats();
  await nats.jsm.streams.delete(stream).catch(() => undefined);
  await nats.nc.drain();
  const redis = new Redis(REDIS_URL);
  await redis.del(`${recordPrefix}:e-1`, `${recordPrefix}:e-9`);
  await redis.quit();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const requeue = (body: unknown, headers: Record<string, string>) =>
  call(routes.requeue.POST, `/api/v1/clusters/${cluster}/dlq/${dlq}/requeue`, dlqParams, jsonInit("POST", body, headers));
const discard = (body: unknown, headers: Record<string, string>) =>
  call(routes.discard.POST, `/api/v1/clusters/${cluster}/dlq/${dlq}/discard`, dlqParams, jsonInit("POST", body, headers));

describe("requeue and discard by text (filter.q)", () => {
  it("dry runs count matches on masked values for users without the permission", async () => {
    expect((await requeue({ filter: { q: SSN }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    expect((await requeue({ filter: { q: SSN }, dryRun: true }, admin)).body).toEqual({ matched: 0 });
    expect((await discard({ filter: { q: SSN }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    // The permission sees (and so may match) the clear value; text outside masked fields is found by all.
    expect((await requeue({ filter: { q: SSN }, dryRun: true }, as("carl"))).body).toEqual({ matched: 1 });
    expect((await discard({ filter: { q: SSN }, dryRun: true }, as("carl"))).body).toEqual({ matched: 1 });
    expect((await requeue({ filter: { q: "nothing to hide" }, dryRun: true }, as("olga"))).body).toEqual({ matched: 1 });
  });

  it("does not requeue or discard by a masked value", async () => {
    const refused = await requeue({ filter: { q: SSN } }, as("olga"));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("nothing-matched");
    expect((await discard({ filter: { q: SSN } }, as("olga"))).body).toEqual({ discarded: 0 });
  });

  it("runs the job with the same masked matching as its dry run", async () => {
    // Clear: k-1 (in the masked field) and k-3 (in a note). Masked: only k-3.
    expect((await requeue({ filter: { q: "SSN-SECRET" }, dryRun: true }, as("olga"))).body).toEqual({ matched: 1 });
    const started = await requeue({ filter: { q: "SSN-SECRET" } }, as("olga"));
    expect(started.status).toBe(202);
    expect(started.body.job.total).toBe(1);
    await Promise.all(await jobs.runAvailableJobs());
    const finished = await waitFor(async () => {
      const job = (await call(routes.job.GET, `/api/v1/jobs/${started.body.job.id}`, { job: started.body.job.id }, { headers: admin })).body;
      return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
    }, 60_000, "the requeue job to finish");
    expect(finished).toMatchObject({ state: "succeeded", done: 1 });
    const listed = await call(routes.dlqMessages.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/messages?status=all`, dlqParams, { headers: admin });
    const statusByKey = Object.fromEntries(listed.body.messages.map((message: any) => [message.key, message.status]));
    expect(statusByKey).toEqual({ "k-1": "pending", "k-2": "pending", "k-3": "requeued" });
  }, 90_000);
});

describe("jobs list and detail", () => {
  const authorization = "Bearer sk-live-0099-secret";
  const edited = JSON.stringify({ id: "e-2", card: "4111-1111-1111-1111" });
  let jobId: string;

  beforeAll(async () => {
    const started = await requeue({ ids: ["0-1"], setHeaders: { authorization }, value: edited }, admin);
    expect(started.status).toBe(202);
    jobId = started.body.job.id;
  });

  it("redact setHeaders and edited values for users without the permission, as the audit does", async () => {
    for (const headers of [as("vic"), as("olga"), admin]) {
      const list = await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers });
      const job = list.body.jobs.find((candidate: any) => candidate.id === jobId);
      expect(job.params).toMatchObject({ ids: ["0-1"], setHeaders: "[redacted]", value: "[redacted]" });
      const detail = await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers });
      expect(detail.body.params).toMatchObject({ setHeaders: "[redacted]", value: "[redacted]" });
      for (const text of [JSON.stringify(list.body), JSON.stringify(detail.body)]) {
        expect(text).not.toContain("sk-live-0099");
        expect(text).not.toContain("4111-1111");
      }
    }
  });

  it("show them to users with the permission", async () => {
    const detail = await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: as("carl") });
    expect(detail.body.params).toMatchObject({ setHeaders: { authorization }, value: edited });
  });
});

describe("trace", () => {
  // Both topics: the original (rule on it) and its DLQ (the original topic's rules apply to it too).
  const trace = (id: string, headers: Record<string, string>) =>
    call(routes.trace.GET, `/api/v1/trace?id=${encodeURIComponent(id)}&cluster=${cluster}&topic=${encodeURIComponent(`${original}*`)}&budgetMs=5000`, {}, { headers });

  it("finds nothing by a masked value, and names no masked field, without the permission", async () => {
    for (const headers of [as("vic"), admin]) {
      const answer = await trace(SSN, headers);
      expect(answer.status).toBe(200);
      expect(answer.body.totalTopics).toBe(2);
      expect(answer.body.hits).toEqual([]);
      expect(JSON.stringify(answer.body)).not.toContain("ssn");
    }
  }, 60_000);

  it("still finds events by fields that are not masked", async () => {
    const answer = await trace("e-9", as("vic"));
    expect(answer.body.hits.filter((hit: any) => hit.where === "topic")).toMatchObject([{ topic: original, matchedBy: "json:$.id" }]);
  }, 60_000);

  it("matches masked fields for users with the permission", async () => {
    const answer = await trace(SSN, as("carl"));
    const found = answer.body.hits.map((hit: any) => [hit.topic, hit.matchedBy]).sort();
    expect(found).toEqual([
      [original, "json:$.customer.ssn"],
      [dlq, "json:$.customer.ssn"],
    ].sort());
  }, 60_000);
});

describe("trace on JetStream", () => {
  const trace = (id: string, headers: Record<string, string>) =>
    call(routes.trace.GET, `/api/v1/trace?id=${encodeURIComponent(id)}&cluster=local-nats&topic=${stream}&budgetMs=5000`, {}, { headers });

  it("finds nothing by a masked value without the permission, and the message with it", async () => {
    const masked = await trace(SSN, as("vic"));
    expect(masked.status).toBe(200);
    expect(masked.body.totalTopics).toBe(1);
    expect(masked.body.hits).toEqual([]);
    const clear = await trace(SSN, as("carl"));
    expect(clear.body.hits).toMatchObject([{ cluster: "local-nats", topic: stream, matchedBy: "json:$.customer.ssn" }]);
    expect((await trace("n-1", as("vic"))).body.hits).toMatchObject([{ topic: stream, matchedBy: "json:$.id" }]);
  }, 60_000);
});

describe("idempotency records", () => {
  const list = (headers: Record<string, string>) =>
    call(routes.records.GET, `/api/v1/idempotency/${store}/records?limit=50`, { store }, { headers });
  const detail = (key: string, headers: Record<string, string>) =>
    call(routes.record.GET, `/api/v1/idempotency/${store}/records/${encodeURIComponent(key)}`, { store, key }, { headers });

  it("mask record values (and what is read from them) in list and detail without the permission", async () => {
    for (const headers of [as("vic"), admin]) {
      const page = await list(headers);
      expect(page.status).toBe(200);
      const byKey = Object.fromEntries(page.body.records.map((record: any) => [record.key, record]));
      expect(JSON.parse(byKey[`${recordPrefix}:e-1`].value).event.customer.ssn).toBe("***");
      expect(byKey[`${recordPrefix}:e-1`]).toMatchObject({ consumer: "billing-svc", masked: true });
      // "processed by" came from a masked field: it is not shown either.
      expect(byKey[`${recordPrefix}:e-9`].consumer).toBeUndefined();
      const one = await detail(`${recordPrefix}:e-1`, headers);
      expect(JSON.parse(one.body.value).event.customer.ssn).toBe("***");
      for (const text of [JSON.stringify(page.body), JSON.stringify(one.body)]) {
        expect(text).not.toContain(SSN);
        expect(text).not.toContain("secret-worker-7");
      }
    }
  });

  it("hide a masked 'processed by' in processed badges and trace hits", async () => {
    const page = await call(routes.messages.GET, `/api/v1/clusters/${cluster}/topics/${original}/messages?partition=0&from=0`, { cluster, topic: original }, { headers: as("vic") });
    const message = page.body.messages.find((candidate: any) => candidate.key === "k-9");
    expect(message.processed).toMatchObject({ key: `${recordPrefix}:e-9` });
    expect(message.processed.consumer).toBeUndefined();
    const traced = await call(routes.trace.GET, `/api/v1/trace?id=e-9&cluster=${cluster}&topic=${original}&budgetMs=5000`, {}, { headers: as("vic") });
    const record = traced.body.hits.find((hit: any) => hit.where === "idempotency");
    expect(record).toMatchObject({ key: `${recordPrefix}:e-9` });
    expect(JSON.stringify(traced.body)).not.toContain("secret-worker-7");
  }, 60_000);

  it("show clear values to users with the permission", async () => {
    const page = await list(as("carl"));
    const byKey = Object.fromEntries(page.body.records.map((record: any) => [record.key, record]));
    expect(JSON.parse(byKey[`${recordPrefix}:e-1`].value).event.customer.ssn).toBe(SSN);
    expect(byKey[`${recordPrefix}:e-9`].consumer).toBe("secret-worker-7");
    expect(byKey[`${recordPrefix}:e-1`].masked).toBeUndefined();
  });
});

describe("DLQ error texts read from a masked header", () => {
  it("show as masked in the list and the summary without the permission", async () => {
    const listed = await call(routes.dlqMessages.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/messages?status=all`, dlqParams, { headers: as("vic") });
    expect(listed.status).toBe(200);
    for (const message of listed.body.messages) expect(message).toMatchObject({ error: "***", headers: { "x-error": "***" } });
    const summary = await call(routes.summary.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/summary`, dlqParams, { headers: as("vic") });
    expect(summary.status).toBe(200);
    expect(summary.body.groups.map((group: any) => group.example)).toEqual(["***"]);
    for (const text of [JSON.stringify(listed.body), JSON.stringify(summary.body)]) expect(text).not.toContain("block list");
  });

  it("are not matched by an error filter without the permission; the masked group is", async () => {
    expect((await discard({ filter: { error: ERROR_TEXT }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    expect((await discard({ filter: { error: "***" }, dryRun: true }, as("olga"))).body.matched).toBeGreaterThan(0);
    expect((await discard({ filter: { error: ERROR_TEXT }, dryRun: true }, as("carl"))).body.matched).toBeGreaterThan(0);
  });

  it("show in the clear with the permission", async () => {
    const summary = await call(routes.summary.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/summary`, dlqParams, { headers: as("carl") });
    expect(summary.body.groups.map((group: any) => group.example)).toEqual([ERROR_TEXT]);
  });
});
