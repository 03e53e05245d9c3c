"use client";
import "@/components/dlq/dlq.css";
import Link from "next/link";
import { dlqHref, jobHref } from "@/lib/client/dlq-filters";
import { jobSubjectOf } from "@/lib/client/dlq-progress";
import { useJob } from "@/lib/client/dlq-queries";
import { revealControlChars } from "@/lib/client/message-value";
import { useHydrated } from "@/lib/client/use-hydrated";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { JobProgressPanel } from "./job-progress";
import { Time } from "@/components/ui/time";

/** One job: live progress with Cancel, who started it and when, and its parameters. */
export function JobDetail({ jobId }: { jobId: string }) {
  const hydrated = useHydrated();
  const query = useJob(jobId);
  const job = hydrated ? query.data : undefined;
  const subject = job ? jobSubjectOf(job.params) : null;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Jobs", href: jobHref.list() }, { label: jobId }]}
        title={job ? `${job.kind === "requeue" ? "Requeue" : "Replay"} job` : "Job"}
        subtitle={
          job ? (
            <span>
              <span className="mono">{job.id}</span> · started by {revealControlChars(job.createdBy)} · created <Time value={job.createdAt} />
              {subject?.topic ? (
                <>
                  {" "}
                  ·{" "}
                  <Link href={dlqHref.detail(job.clusterId, subject.topic)} className="bidi-isolate">
                    {revealControlChars(subject.topic)}
                  </Link>{" "}
                  on {revealControlChars(job.clusterId)}
                </>
              ) : null}
            </span>
          ) : (
            <span className="mono">{jobId}</span>
          )
        }
      />
      {job === undefined ? (
        hydrated && query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <LoadingState label="Reading the job…" />
        )
      ) : (
        <>
          <JobProgressPanel jobId={job.id} initial={job} showTitle={false} />
          <Section title="Parameters">
            <pre className="code-block">{revealControlChars(JSON.stringify(job.params, null, 2) ?? "null")}</pre>
          </Section>
        </>
      )}
    </>
  );
}
