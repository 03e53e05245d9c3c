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
