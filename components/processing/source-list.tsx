"use client";
import "./processing.css";
import Link from "next/link";
import type { MetricsSourceSummary } from "@/lib/metrics-sources/types";
import { formatEventRate, formatFailureRatio, processingHref, sourceTotals } from "@/lib/client/processing-format";
import { useMetricsSources } from "@/lib/client/processing-queries";
import { METRICS_SOURCES_POLL_MS } from "@/lib/client/query-config";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Time } from "@/components/ui/time";
import { SourceStatus } from "./source-status";

const columns: Column<MetricsSourceSummary>[] = [
  {
    id: "id",
    header: "Source",
    className: "cell-name",
    cell: (source) => (
      <Link href={processingHref.source(source.id)} className="bidi-isolate">
        {source.id}
      </Link>
    ),
  },
  { id: "status", header: "Status", width: "90px", cell: (source) => <SourceStatus source={source} /> },
  { id: "scraped", header: "Last scrape", width: "150px", cell: (source) => (source.scrapedAt ? <Time value={source.scrapedAt} /> : "never") },
  { id: "types", header: "Event types", align: "right", width: "100px", cell: (source) => source.byType.length },
  {
    id: "failures",
    header: "Failures",
    align: "right",
    width: "100px",
    title: "Failures per second over the last minute, all types",
    cell: (source) => formatEventRate(sourceTotals(source).failurePerSec),
  },
  {
    id: "worst",
    header: "Worst failure ratio",
    width: "200px",
    cell: (source) => {
      const { worst, spikes } = sourceTotals(source);
      if (!worst) return "—";
      return (
        <span className={spikes > 0 ? "proc-failing" : undefined} title={spikes > 0 ? `${spikes} type(s) with a failure spike` : undefined}>
          {formatFailureRatio(worst.failureRatio)} <span className="proc-note">{worst.type}</span>
        </span>
      );
    },
  },
  {
    id: "where",
    header: "Endpoint",
    className: "cell-preview",
    cell: (source) => (
      <>
        <div className="proc-url">{source.url}</div>
        {source.error ? <div className="proc-error">{source.error}</div> : null}
      </>
    ),
  },
];

/** Every configured metrics source: status (stale with its reason), last scrape, failure figures. */
export function MetricsSourceList() {
  const sources = useMetricsSources();
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Processing" }]}
        title="Processing outcomes"
        subtitle="Events processed successfully or not, per event type, from the services' own Prometheus counters (event_processed_total{type, status})."
        actions={<FetchingIndicator active={sources.isFetching} />}
      />
      <QueryView
        query={sources}
        loadingLabel="Scraping the metrics endpoints…"
        pollMs={METRICS_SOURCES_POLL_MS}
        isEmpty={(data) => data.sources.length === 0}
        empty={
          <EmptyState title="No metrics sources configured">
            Add the services&apos; Prometheus endpoints to <code>metrics</code> in eventscope.config.json, for example{" "}
            <code>{'{"id": "inventory", "url": "http://127.0.0.1:9464/metrics", "counter": "event_processed_total"}'}</code>. See
            docs/configuration.md.
          </EmptyState>
        }
      >
        {(data) => <DataTable label="Metrics sources" fixed columns={columns} rows={data.sources} rowKey={(source) => source.id} />}
      </QueryView>
    </>
  );
}
