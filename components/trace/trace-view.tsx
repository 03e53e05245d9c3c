"use client";
import "@/components/idempotency/idempotency.css";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TraceHit, TraceOutcome, TraceResult } from "@/lib/trace/types";
import type { TraceParams } from "@/lib/query-keys";
import { clusterHref } from "@/lib/client/cluster-labels";
import { formatInteger, pluralize } from "@/lib/client/format";
import { formatTtl, idempotencyHref } from "@/lib/client/idempotency-format";
import { useTrace } from "@/lib/client/idempotency-queries";
import { useClusters } from "@/lib/client/queries";
import { revealControlChars } from "@/lib/client/message-value";
import { messageBrowserSearch } from "@/lib/client/message-browse";
import { truncationSentence } from "@/lib/client/trace-coverage";
import { hitKey } from "@/lib/client/trace-live";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { TraceCoverage } from "./trace-coverage";
import { TraceTimeline } from "./trace-timeline";
import { TraceProcessing } from "./trace-processing";
import { TraceLink } from "@/components/messages/trace-link";
import { Time } from "@/components/ui/time";

const OUTCOME: Record<TraceOutcome, { tone: BadgeTone; text: string }> = {
  processed: { tone: "ok", text: "processed" },
  "dead-lettered": { tone: "danger", text: "dead-lettered, not processed" },
  "dead-lettered-again": { tone: "danger", text: "in the DLQ again, not processed" },
  requeued: { tone: "info", text: "requeued, not processed yet" },
  published: { tone: "warn", text: "published, no processed record" },
  "in-outbox": { tone: "warn", text: "in the outbox, not seen on a topic" },
  "not-found": { tone: "neutral", text: "not found" },
};

const WHERE_TONE: Record<TraceHit["where"], BadgeTone> = { topic: "accent", dlq: "danger", idempotency: "ok", outbox: "info" };

function hitPlace(hit: TraceHit) {
  if (hit.where === "outbox") {
    return (
      <Link href={`/outbox/${encodeURIComponent(hit.store ?? "")}`} className="mono break-all">
        {hit.store}: {revealControlChars(hit.key ?? "")}
      </Link>
    );
  }
  if (hit.where === "idempotency") {
    return (
      <Link href={idempotencyHref.store(hit.store ?? "")} className="mono break-all">
        {hit.store}: {revealControlChars(hit.key ?? "")}
      </Link>
    );
  }
  return (
    <>
      <Link href={`${clusterHref.topic(hit.cluster ?? "", hit.topic ?? "")}?${messageBrowserSearch(hit.partition, hit.offset, hit.id)}`} className="bidi-isolate">
        {revealControlChars(hit.topic ?? "")}
      </Link>
      <span className="muted">
        {" "}
        ({hit.cluster}) p{hit.partition} @ {hit.id ?? hit.offset}
      </span>
    </>
  );
}

function hitDetail(hit: TraceHit): string {
  const parts: string[] = [];
  if (hit.matchedBy) parts.push(`matched by ${hit.matchedBy}`);
  if (hit.attempts !== undefined) parts.push(`${hit.attempts} attempts`);
  if (hit.error) parts.push(hit.error);
  if (hit.requeuedFrom) parts.push(`requeued from ${hit.requeuedFrom}`);
  if (hit.consumer) parts.push(`by ${hit.consumer}`);
  if (hit.ttlSeconds !== undefined) parts.push(formatTtl(hit.ttlSeconds));
  return parts.join(" · ");
}

const hitColumns: Column<TraceHit>[] = [
  { id: "where", header: "Where", width: "110px", cell: (hit) => <Badge tone={WHERE_TONE[hit.where]}>{hit.where}</Badge> },
  { id: "place", header: "Found in", className: "cell-preview", cell: hitPlace },
  { id: "status", header: "Status", width: "110px", cell: (hit) => hit.status ?? <span className="muted">—</span> },
  {
    id: "time",
    header: "Time",
    // A millisecond time with its zone, UTC or an offset ("2026-12-07 05:35:34.159 +05:30"), whole.
    width: "235px",
    className: "nowrap",
    cell: (hit) => <Time value={hit.timestamp} milliseconds />,
  },
  { id: "detail", header: "Detail", className: "cell-preview", cell: (hit) => <span title={hitDetail(hit)}>{hitDetail(hit)}</span> },
  {
    id: "trace",
    header: "Trace id",
    cell: (hit) => (hit.traceId ? <TraceLink traceId={hit.traceId} from={hit.traceIdFrom} url={hit.traceUrl} /> : <span className="muted">—</span>),
  },
];

function ResultView({ result }: { result: TraceResult }) {
  const outcome = OUTCOME[result.outcome];
  // Said from the figures, not the server's sentence (its times are raw ISO, not the operator's zone).
  const truncation = truncationSentence(result);
  return (
    <>
      <div className="trace-summary" data-testid="trace-summary">
        <span data-testid="trace-outcome" data-outcome={result.outcome}>
          <Badge tone={outcome.tone}>{outcome.text}</Badge>
        </span>
        <span className="muted">
          {pluralize(result.hits.length, "place")} · read {formatInteger(result.scanned)} messages in{" "}
          {formatInteger(result.scannedTopics)} of {formatInteger(result.totalTopics)} topics · {(result.tookMs / 1000).toFixed(1)} s
        </span>
        {result.truncated ? (
          <Badge tone="warn" title={truncation ?? undefined}>
            partial scan
          </Badge>
        ) : null}
      </div>
      {truncation ? (
        <div className="trace-notice" role="note" data-testid="trace-truncated">
          Not everything was searched: {truncation}. Older messages may hold more (how far back each topic was read is below); narrow
          the search to a cluster or topic pattern to read further back.
        </div>
      ) : null}
      {result.hits.length === 0 ? (
        <EmptyState title="Not found">
          No topic message (read as far back as said below), DLQ message or idempotency record carries “
          {result.id}”.
        </EmptyState>
      ) : (
        <>
          <Section title="Timeline">
            <TraceTimeline events={result.timeline} />
          </Section>
          {result.processing && result.processing.length > 0 ? (
            <Section title="Processing outcome (aggregate)">
              <TraceProcessing outcomes={result.processing} />
            </Section>
          ) : null}
          <Section title="Where it was found">
            <DataTable label="Trace hits" dense fixed columns={hitColumns} rows={result.hits} rowKey={hitKey} />
          </Section>
        </>
      )}
      <Section title="How far back it looked">
        <TraceCoverage result={result} />
      </Section>
      <Section title="Sources">
        <div className="trace-sources">
          {result.sources.map((source) => (
            <div key={source.source}>
              <strong>{source.source}</strong>: <Badge tone={source.status === "ok" ? "ok" : source.status === "partial" ? "warn" : "danger"}>{source.status}</Badge>
              {source.error ? <span className="idem-error"> {source.error}</span> : null}
            </div>
          ))}
        </div>
      </Section>
    </>
  );
}

/** Trace an event id through topics, DLQs and idempotency stores, with the scan's progress as it runs. */
export function TraceView({ initial }: { initial: TraceParams | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const clusters = useClusters();
  // The sidebar hydrates first and may fill the clusters (or a cached trace) before this form
  // hydrates: render what the server did until then, or React reports a mismatch (#418).
  const hydrated = useHydrated();
  const clusterOptions = hydrated ? (clusters.data?.clusters ?? []) : [];
  const [draft, setDraft] = useState({ id: initial?.id ?? "", cluster: initial?.cluster ?? "", topic: initial?.topic ?? "" });
  const params = initial && initial.id ? initial : null;
  const { query, progress, found } = useTrace(params);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = draft.id.trim();
    if (!id) return;
    const search = new URLSearchParams({ id });
    if (draft.cluster) search.set("cluster", draft.cluster);
    if (draft.topic.trim()) search.set("topic", draft.topic.trim());
    const target = `${pathname}?${search.toString()}`;
    if (params && params.id === id && (params.cluster ?? "") === draft.cluster && (params.topic ?? "") === draft.topic.trim()) void query.refetch();
    else router.push(target);
  };

  const percent = progress && progress.totalTopics > 0 ? Math.round((progress.scannedTopics / progress.totalTopics) * 100) : 0;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Trace" }]}
        title="Trace an event"
        subtitle="Every place an event id is found — topics, DLQs, idempotency stores — and its story."
      />
      <form className="trace-search" onSubmit={submit} role="search" aria-label="Trace an event id">
        <label className="inline-field inline-field-grow">
          <span>Event id</span>
          <Input
            value={draft.id}
            placeholder="an event id, order id or message key"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, id: event.target.value })}
            data-testid="trace-id"
          />
        </label>
        <label className="inline-field">
          <span>Cluster</span>
          <Select value={draft.cluster} onChange={(event) => setDraft({ ...draft, cluster: event.target.value })}>
            <option value="">All clusters</option>
            {clusterOptions.map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="inline-field">
          <span>Topics</span>
          <Input value={draft.topic} placeholder="all, or a glob: orders.*" className="mono" onChange={(event) => setDraft({ ...draft, topic: event.target.value })} />
        </label>
        <Button type="submit" variant="primary" disabled={!draft.id.trim() || query.isFetching}>
          {query.isFetching ? "Tracing…" : "Trace"}
        </Button>
      </form>

      {query.isFetching ? (
        <div className="trace-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span className="trace-progress-bar" aria-hidden="true">
            <span style={{ width: `${percent}%` }} />
          </span>
          <span>
            {progress
              ? `${formatInteger(progress.scannedTopics)} of ${formatInteger(progress.totalTopics)} topics, ${formatInteger(progress.scanned)} messages read, ${formatInteger(progress.hits)} found · ${(progress.elapsedMs / 1000).toFixed(1)} s`
              : "Starting…"}
          </span>
        </div>
      ) : null}
      {query.isFetching && found.length > 0 ? (
        // Hits as the scan finds them; the result (with DLQ statuses and the timeline) replaces this list.
        <Section title={`Found so far (${formatInteger(found.length)})`}>
          <div data-testid="trace-live-hits">
            <DataTable label="Trace hits found so far" dense fixed columns={hitColumns} rows={found} rowKey={hitKey} />
          </div>
        </Section>
      ) : null}
      {hydrated && query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {hydrated && query.data && !query.isFetching ? <ResultView result={query.data} /> : null}
      {!params ? (
        <EmptyState title="Enter an event id">
          Every topic is read newest first (key, headers and JSON fields), DLQs included, as far back as the time budget allows; hits
          are listed as they are found, and the page says how far back each topic was read. Every idempotency store is asked directly.
        </EmptyState>
      ) : null}
    </>
  );
}
