import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { call } from "../support/routes";

// The jobs API itself (no broker needed): the Job shape reports a pending cancel, so every tab and
// the job list can show "cancelling…" while a running job finishes its batch.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-jobs-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_ADMIN_TOKEN = "test-admin-token-jobs";
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [] }));
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
let routes: Record<string, any>;
let store: typeof import("@/lib/jobs/job-store");

beforeAll(async () => {
  store = await import("@/lib/jobs/job-store");
  routes = {
    job: await import("@/app/api/v1/jobs/[job]/route"),
    cancel: await import("@/app/api/v1/jobs/[job]/cancel/route"),
    list: await import("@/app/api/v1/jobs/route"),
  };
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const newJob = () => store.createJob({ kind: "requeue", clusterId: "k", params: { topic: "orders.dlq", ratePerSec: 10 }, total: 5, createdBy: "admin" });
const cancel = (id: string) => call(routes.cancel.POST, `/api/v1/jobs/${id}/cancel`, { job: id }, { method: "POST", headers: auth });
const get = (id: string) => call(routes.job.GET, `/api/v1/jobs/${id}`, { job: id }, { headers: auth });

describe("cancelRequested on the Job shape", () => {
  it("is false on a new job, in the single view and in the list", async () => {
    const job = await newJob();
    expect(job.cancelRequested).toBe(false);
    expect((await get(job.id)).body).toMatchObject({ state: "queued", cancelRequested: false });
    const listed = (await call(routes.list.GET, "/api/v1/jobs", {}, { headers: auth })).body.jobs.find((j: { id: string }) => j.id === job.id);
    expect(listed.cancelRequested).toBe(false);
  });

  it("is true on a running job asked to cancel, which keeps running until its next batch", async () => {
    const job = await newJob();
    const { getDb } = await import("@/lib/db");
    await (await getDb()).job.update({ where: { id: job.id }, data: { state: "running", startedAt: new Date() } });
    const answer = await cancel(job.id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: "running", cancelRequested: true });
    expect((await get(job.id)).body).toMatchObject({ state: "running", cancelRequested: true });
  });

  it("cancels a queued job at once", async () => {
    const job = await newJob();
    expect((await cancel(job.id)).body).toMatchObject({ state: "cancelled", cancelRequested: true });
  });
});

describe("the job list sorts and filters every job, not one page", () => {
  const list = (query: string) => call(routes.list.GET, `/api/v1/jobs?${query}`, {}, { headers: auth });
  const tag = `sortq${Date.now()}`;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const { getDb } = await import("@/lib/db");
    const db = await getDb();
    const make = async (name: string, data: { kind: "requeue" | "replay"; failed: number; state: string; startedAt: Date | null; params: unknown }) => {
      const job = await store.createJob({ kind: data.kind, clusterId: `${tag}-k`, params: data.params, total: 10, createdBy: `${tag}-user` });
      await db.job.update({ where: { id: job.id }, data: { state: data.state, failed: data.failed, startedAt: data.startedAt } });
      ids[name] = job.id;
    };
    await make("a", { kind: "requeue", failed: 7, state: "failed", startedAt: new Date("2026-01-01T00:00:00Z"), params: { topic: `${tag}.orders.dlq`, setHeaders: { authorization: "Bearer s3cr3t-token" } } });
    await make("b", { kind: "replay", failed: 0, state: "succeeded", startedAt: new Date("2026-01-03T00:00:00Z"), params: { topic: `${tag}.payments`, target: "100%_done" } });
    await make("c", { kind: "requeue", failed: 2, state: "queued", startedAt: null, params: { topic: `${tag}.orders.dlq` } });
  });
  const names = (body: { jobs: { id: string }[] }) => body.jobs.map((job) => Object.keys(ids).find((name) => ids[name] === job.id)).filter(Boolean);

  it("sorts by failed messages, start time (unstarted last either way) and kind, across pages", async () => {
    expect(names((await list(`q=${tag}&sort=failed`)).body)).toEqual(["a", "c", "b"]);
    expect(names((await list(`q=${tag}&sort=failed&dir=asc`)).body)).toEqual(["b", "c", "a"]);
    expect(names((await list(`q=${tag}&sort=startedAt`)).body)).toEqual(["b", "a", "c"]);
    expect(names((await list(`q=${tag}&sort=startedAt&dir=asc`)).body)).toEqual(["a", "b", "c"]);
    const first = (await list(`q=${tag}&sort=failed&limit=2`)).body;
    expect(names(first)).toEqual(["a", "c"]);
    expect(names((await list(`q=${tag}&sort=failed&limit=2&cursor=${first.next}`)).body)).toEqual(["b"]);
    const newest = (await list(`q=${tag}&limit=2`)).body;
    expect(names(newest)).toEqual(["c", "b"]);
    expect(names((await list(`q=${tag}&limit=2&cursor=${newest.next}`)).body)).toEqual(["a"]);
  });

  it("filters by state, kind and plain text (never a pattern), and not by text the caller may not see", async () => {
    expect(names((await list(`q=${tag}&state=failed`)).body)).toEqual(["a"]);
    expect(names((await list(`q=${tag}&kind=replay`)).body)).toEqual(["b"]);
    expect(names((await list(`q=${tag}.orders`)).body)).toEqual(["c", "a"]);
    expect(names((await list(`q=${encodeURIComponent("100%_d")}`)).body)).toEqual(["b"]);
    expect((await list(`q=${encodeURIComponent("%")}&kind=requeue`)).body.jobs.filter((job: { clusterId: string }) => job.clusterId === `${tag}-k`)).toEqual([]);
    // The bootstrap token does not see clear values: a setHeaders secret is not searchable.
    expect(names((await list("q=s3cr3t-token")).body)).toEqual([]);
  });

  it("answers a cursor it did not make with a page, never a 500", async () => {
    for (const query of [`q=${tag}&cursor=no-such-job`, `q=${tag}&sort=failed&cursor=QDk5OTk5OTk5OQ`, `q=${tag}&sort=failed&cursor=${"z".repeat(100)}`]) {
      const answer = await list(query);
      expect(answer.status, query).toBe(200);
      expect(Array.isArray(answer.body.jobs), query).toBe(true);
    }
  });

  it("answers 400 naming the field for a bad sort, dir, state, kind or an overlong q", async () => {
    for (const [query, field] of [["sort=params", "sort"], ["dir=up", "dir"], ["state=done", "state"], ["kind=x", "kind"], [`q=${"x".repeat(201)}`, "q"]]) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message.startsWith(`${field}:`), answer.body.error.message).toBe(true);
    }
  });
});
