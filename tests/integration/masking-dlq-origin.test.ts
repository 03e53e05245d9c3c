import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call, jsonInit } from "../support/routes";
import { bearer } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// What the DLQ view reads from headers (the original topic, partition, offset; the error) follows
// header masking everywhere it can leave the server: a rule masking `x-original-*` on a DLQ hides
// where its messages came from, in the list, the summary's groups, filters and dry-run counts,
// job views, the audit trail and the trace, for people without the clear-values permission; a
// requeue still sends each message to where its headers say (issue 11, gaps after item 5).
const { cleanup } = useTempConsoleEnv("eventscope-mask-origin-", {
  clusters: [{ id: "k", name: "K", kind: "kafka", brokers: KAFKA_BROKERS }],
});
const cluster = "k";
const SECRET = uniqueName("it-secret-origin");
const dlq = `${uniqueName("it-origin")}.dlq`;
const ERROR_TEXT = "payment 7731 refused for account 99-12";
const eventId = uniqueName("ev-origin");
const dlqParams = { cluster, topic: dlq };
const tokens: Record<"vic" | "olga" | "carl", string> = { vic: "", olga: "", carl: "" };
const as = (who: keyof typeof tokens) => bearer(tokens[who]);
const admin = bearer();
let kafka: Kafka;
let routes: Record<string, any>;
let jobs: typeof import("@/lib/jobs/job-runner");

const list = (who: keyof typeof tokens, query = "") =>
  call(routes.dlqMessages.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/messages?status=all${query}`, dlqParams, { headers: as(who) });
const requeue = (body: unknown, headers: Record<string, string>) =>
  call(routes.requeue.POST, `/api/v1/clusters/${cluster}/dlq/${dlq}/requeue`, dlqParams, jsonInit("POST", body, headers));
const discard = (body: unknown, headers: Record<string, string>) =>
  call(routes.discard.POST, `/api/v1/clusters/${cluster}/dlq/${dlq}/discard`, dlqParams, jsonInit("POST", body, headers));

async function finish(jobId: string) {
  await Promise.all(await jobs.runAvailableJobs());
  return waitFor(async () => {
    const job = (await call(routes.job.GET, `/api/v1/jobs/${jobId}`, { job: jobId }, { headers: admin })).body;
    return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 60_000, "the job to finish");
}

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, SECRET, 1);
  await createTopic(kafka, dlq, 1);
  const producer = kafka.producer();
  await producer.connect();
  const headers = { "x-original-topic": SECRET, "x-original-partition": "0", "x-original-offset": "17", "x-error": ERROR_TEXT, "x-attempts": "3" };
  await producer.send({
    topic: dlq,
    messages: [
      { value: JSON.stringify({ id: `${eventId}-1`, batch: "alpha" }), headers },
      { value: JSON.stringify({ id: `${eventId}-2`, batch: "alpha" }), headers },
      { value: JSON.stringify({ id: `${eventId}-3`, batch: "beta" }), headers },
    ],
  });
  await producer.disconnect();
  routes = {
    rules: await import("@/app/api/v1/masking-rules/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    summary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
    topicMessages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
    jobs: await import("@/app/api/v1/jobs/route"),
    audit: await import("@/app/api/v1/audit/route"),
    trace: await import("@/app/api/v1/trace/route"),
  };
  for (const pattern of ["x-original-*", "x-error"]) {
    const rule = await call(routes.rules.POST, "/api/v1/masking-rules", {}, jsonInit("POST", { topic: dlq, kind: "header", pattern }, admin));
    expect(rule.status).toBe(201);
  }
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
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.deleteTopics({ topics: [SECRET, dlq] }).catch(() => undefined);
  await kafkaAdmin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("a DLQ whose x-original-* headers a rule masks", () => {
  it("lists its messages with the original topic masked and no partition or offset, for a viewer", async () => {
    const listed = await list("vic");
    expect(listed.status).toBe(200);
    expect(listed.body.messages).toHaveLength(3);
    for (const message of listed.body.messages) {
      expect(message).toMatchObject({ originalTopic: "***", error: "***", attempts: 3 });
      expect(message.originalPartition).toBeUndefined();
      expect(message.originalOffset).toBeUndefined();
    }
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
  });

  it("shows them in the clear to someone with the permission", async () => {
    const listed = await list("carl");
    for (const message of listed.body.messages) expect(message).toMatchObject({ originalTopic: SECRET, originalPartition: 0, originalOffset: 17, error: ERROR_TEXT });
  });

  it("groups the summary under the masked topic", async () => {
    const summary = await call(routes.summary.GET, `/api/v1/clusters/${cluster}/dlq/${dlq}/summary`, dlqParams, { headers: as("vic") });
    expect(summary.status).toBe(200);
    expect(summary.body.groups.map((group: any) => group.originalTopics)).toEqual([["***"]]);
    expect(JSON.stringify(summary.body)).not.toContain(SECRET);
  });

  it("is not found by its clear original topic or error without the permission: list, requeue and discard dry runs", async () => {
    expect((await list("vic", `&originalTopic=${SECRET}`)).body.messages).toEqual([]);
    expect((await list("vic", "&originalTopic=***")).body.messages).toHaveLength(3);
    expect((await requeue({ filter: { originalTopic: SECRET }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    expect((await requeue({ filter: { error: ERROR_TEXT }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    expect((await discard({ filter: { originalTopic: SECRET }, dryRun: true }, as("olga"))).body).toEqual({ matched: 0 });
    expect((await requeue({ filter: { originalTopic: "***" }, dryRun: true }, as("olga"))).body).toEqual({ matched: 3 });
    // With the permission, the clear values match.
    expect((await list("carl", `&originalTopic=${SECRET}`)).body.messages).toHaveLength(3);
    expect((await requeue({ filter: { originalTopic: SECRET }, dryRun: true }, as("carl"))).body).toEqual({ matched: 3 });
    expect((await requeue({ filter: { error: ERROR_TEXT }, dryRun: true }, as("carl"))).body).toEqual({ matched: 3 });
  });

  it("is not named by the trace's DLQ hits", async () => {
    const traced = await call(routes.trace.GET, `/api/v1/trace?id=${eventId}-1&cluster=${cluster}&topic=${encodeURIComponent(dlq)}&budgetMs=5000`, {}, { headers: as("vic") });
    expect(traced.status).toBe(200);
    expect(traced.body.hits.length).toBeGreaterThan(0);
    expect(JSON.stringify(traced.body)).not.toContain(SECRET);
  }, 60_000);

  it("is still requeued to where its headers say, when the masked filter selected it", async () => {
    const created = await requeue({ filter: { originalTopic: "***", q: "alpha" } }, as("olga"));
    expect(created.status).toBe(202);
    const job = await finish(created.body.job.id);
    expect(job).toMatchObject({ state: "succeeded", done: 2, failed: 0 });
    const target = await call(routes.topicMessages.GET, `/api/v1/clusters/${cluster}/topics/${SECRET}/messages?limit=10`, { cluster, topic: SECRET }, { headers: admin });
    expect(target.body.messages.map((message: any) => JSON.parse(message.value).id).sort()).toEqual([`${eventId}-1`, `${eventId}-2`]);
  }, 90_000);

  it("a clear-values operator's filter on it is hidden from the others in job views and the audit trail", async () => {
    const created = await requeue({ filter: { originalTopic: SECRET, q: "beta" } }, as("carl"));
    expect(created.status).toBe(202);
    await finish(created.body.job.id);
    const jobView = await call(routes.job.GET, `/api/v1/jobs/${created.body.job.id}`, { job: created.body.job.id }, { headers: as("vic") });
    expect(jobView.body.params.filter.originalTopic).toBe("[redacted]");
    const jobList = await call(routes.jobs.GET, "/api/v1/jobs", {}, { headers: as("vic") });
    expect(JSON.stringify(jobList.body)).not.toContain(SECRET);
    const audit = await call(routes.audit.GET, "/api/v1/audit?limit=200", {}, { headers: as("olga") });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
    // Carl, who may see it, sees his own filter.
    expect((await call(routes.job.GET, `/api/v1/jobs/${created.body.job.id}`, { job: created.body.job.id }, { headers: as("carl") })).body.params.filter.originalTopic).toBe(SECRET);
  }, 90_000);
});
