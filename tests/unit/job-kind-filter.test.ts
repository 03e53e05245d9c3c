import { describe, expect, it } from "vitest";
import { JOB_LIST, jobPageParams } from "@/lib/client/job-list";
import { listFromSearch } from "@/lib/client/list-state";
import { Job, listJobsQuery } from "@/lib/contract/jobs";
import { JOB_KINDS } from "@/lib/jobs/job-list-options";

// The Jobs page's kind filter offered requeue and replay only: dead-letter, claim/ack and outbox jobs
// could not be filtered. It offers, and the API accepts, every kind a job can have.
describe("the job list's kind filter", () => {
  it("offers exactly the kinds of the contract's Job, requeue and replay first", () => {
    expect([...JOB_KINDS].sort()).toEqual([...Job.shape.kind.options].sort());
    expect(JOB_KINDS.slice(0, 2)).toEqual(["requeue", "replay"]);
    expect(JOB_LIST.filters?.kind).toBe(JOB_KINDS);
  });

  it("keeps every kind from the URL to the API's query, which accepts it", () => {
    for (const kind of ["dead-letter", "pending-claim", "pending-ack", "outbox-retry", "outbox-mark-failed"]) {
      expect(jobPageParams(listFromSearch(JOB_LIST, new URLSearchParams(`kind=${kind}`)), 25)).toEqual({ limit: 25, cursor: null, kind });
      expect(listJobsQuery.parse({ kind })).toMatchObject({ kind });
    }
    expect(jobPageParams(listFromSearch(JOB_LIST, new URLSearchParams("kind=nope")), 25)).toEqual({ limit: 25, cursor: null });
    expect(listJobsQuery.safeParse({ kind: "nope" }).success).toBe(false);
  });
});
