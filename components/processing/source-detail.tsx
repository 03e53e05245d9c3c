"use client";
import "./processing.css";
import type { TypeOutcome } from "@/lib/metrics-sources/types";
import { formatInteger } from "@/lib/client/format";
import { formatEventRate, formatFailureRatio, processingHref } from "@/lib/client/processing-format";
import { useMetricsSource } from "@/lib/client/processing-queries";
import { METRICS_SOURCES_POLL_MS } from "@/lib/client/query-config";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { Time } from "@/components/ui/time";
import { OutcomeChart } from "./outcome-chart";
import { SourceStatus } from "./source-status";
import { TypeDlqLinks, TypeTopic } from "./type-place";

const columns: Column<TypeOutcome>[] = [
  { id: "type", header: "Event type", className: "cell-name", cell: (outcome) => <span className="bidi-isolate">{outcome.type}</span> },
  { id: "topic", header: "Topic", cell: (outcome) => <TypeTopic outcome={outcome} /> },
  { id: "success", header: "Success", align: "right", width: "90px", title: "Per second, last minute", cell: (outcome) => formatEventRate(outcome.success) },
  { id: "failure", header: "Failure", align: "right", width: "90px", title: "Per second, last minute", cell: (outcome) => formatEventRate(outcome.failure) },
  {
    id: "ratio",
    header: "Failure ratio",
    align: "right",
    width: "110px",
    title: "failure / (success + failure), last minute",
    cell: (outcome) => <span className={outcome.spike ? "proc-failing" : undefined}>{formatFailureRatio(outcome.failureRatio)}</span>,
  },
  {
    id: "totals",
    header: "Totals",
    align: "right",
    width: "150px",
    title: "The counters since the service started: success / failure",
    cell: (outcome) => (
      <span title={outcome.otherTotals ? `other statuses: ${Object.entries(outcome.otherTotals).map(([status, count]) => `${status} ${count}`).join(", ")}` : undefined}>
        {formatInteger(outcome.successTotal)} / {formatInteger(outcome.failureTotal)}
      </span>
    ),
  },
  { id: "dlq", header: "DLQ", cell: (outcome) => <TypeDlqLinks outcome={outcome} /> },
];

/** One metrics source: per event type its rates, failure ratio, topic and DLQ, and an hour of history. */
export function MetricsSourceDetailView({ sourceId }: { sourceId: string }) {
  const source = useMetricsSource(sourceId);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Processing", href: processingHref.list() }, { label: sourceId }]}
        title={sourceId}
        badges={source.data ? <SourceStatus source={source.data} /> : null}
        subtitle={source.data ? <span className="proc-url">{source.data.url}</span> : undefined}
        actions={<FetchingIndicator active={source.isFetching} />}
      />
      <QueryView query={source} loadingLabel="Scraping the endpoint…" pollMs={METRICS_SOURCES_POLL_MS}>
        {(data) => (
          <>
            {data.error ? (
              <div className="proc-error" role="alert" data-testid="source-error">
                Stale: {data.error}
                {data.scrapedAt ? " — the figures below are from the last scrape that answered." : ""}
              </div>
            ) : null}
            <StatRow>
              <Stat label="Last scrape" value={data.scrapedAt ? <Time value={data.scrapedAt} /> : "never"} />
              <Stat label="Every" value={`${data.intervalMs / 1000} s`} />
              <Stat label="Took" value={data.tookMs !== null ? `${data.tookMs} ms` : "—"} />
              <Stat label="Counter" value={<code>{data.counter}</code>} />
            </StatRow>
            {data.counterMissing ? (
              <p className="proc-note">
                The endpoint answers, but without <code>{data.counter}</code>: check the counter&apos;s name (config <code>counter</code>), or the service has
                processed nothing yet.
              </p>
            ) : null}
            {data.skipped ? (
              <p className="proc-note">
                Samples left out of the last scrape: {data.skipped.missingLabels} without the type or status label, {data.skipped.notFinite} NaN or Inf,{" "}
                {data.skipped.negative} negative, {data.skipped.overTypeLimit} past the limit of types.
              </p>
            ) : null}
            <Section title="By event type">
              <DataTable
                label="Processing outcomes by event type"
                columns={columns}
                rows={data.byType}
                rowKey={(outcome) => outcome.type}
                empty={<EmptyState title={data.status === "pending" ? "Waiting for the first scrape" : "No event types yet"} />}
              />
              <p className="proc-note">
                Rates over the last minute, from the service&apos;s counters: they count every event of a type together, not any one event.
              </p>
            </Section>
            {data.history.length > 0 ? (
              <Section title="Last hour">
                <div className="proc-charts">
                  {data.history.map((history) => (
                    <OutcomeChart key={history.type} history={history} intervalMs={data.intervalMs} error={source.isError ? source.error : undefined} />
                  ))}
                </div>
              </Section>
            ) : null}
          </>
        )}
      </QueryView>
    </>
  );
}
