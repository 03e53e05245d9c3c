"use client";
import "./dlq.css";
import Link from "next/link";
import { useMemo } from "react";
import type { DlqRow } from "@/lib/contract/dlq";
import { clusterHref, kindLabel } from "@/lib/client/cluster-labels";
import { dlqHref } from "@/lib/client/dlq-filters";
import { useDlqs } from "@/lib/client/dlq-queries";
import { formatInteger, formatNumber, pluralize } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { DLQS_POLL_MS } from "@/lib/client/query-config";
import { useCluster } from "@/lib/client/queries";
import { DLQ_LIST, orderDlqs, type DlqSort } from "@/lib/client/dlq-list";
import { noMatchTitle, withFilter, withoutFilters, withSort } from "@/lib/client/list-state";
import { useListState } from "@/lib/client/use-list-state";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { FilterInput, Select } from "@/components/ui/input";
import { NoMatch } from "@/components/ui/no-match";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Toolbar } from "@/components/ui/section";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { ADVISORIES_LABEL, DlqKindBadge } from "./dlq-kind";

const MAX_TOPICS_SHOWN = 4;

/** How Eventscope recognises a DLQ: names, envelope headers, and the MaxDeliver advisories stream. */
export function DlqConventions() {
  return (
    <div className="dlq-conventions" data-testid="dlq-conventions">
      <p>Eventscope treats a topic or stream as a dead-letter queue when its name follows one of these conventions:</p>
      <ul className="plain-list">
        <li>
          <code>&lt;topic&gt;.dlq</code>, <code>&lt;topic&gt;-dlq</code>, <code>&lt;topic&gt;.DLT</code> (Spring Kafka) or{" "}
          <code>dlq.&lt;topic&gt;</code> (on JetStream: a stream whose subjects are <code>dlq.&lt;original subject&gt;</code>);
        </li>
        <li>or when it is listed under <code>dlqTopics</code> in the cluster&apos;s configuration.</li>
      </ul>
      <p>
        Where each message came from and why it failed is read from its headers: Eventscope&apos;s <code>x-original-*</code>{" "}
        and <code>x-error</code>, Spring&apos;s <code>kafka_dlt-*</code>, and Kafka Connect&apos;s <code>__connect.errors.*</code>.
      </p>
      <p>
        On JetStream, messages that reach a consumer&apos;s MaxDeliver are captured from the server&apos;s advisories into the{" "}
        <code>EVENTSCOPE_ADVISORIES</code> stream and listed here as “{ADVISORIES_LABEL}”.
      </p>
    </div>
  );
}

/** Every DLQ of a cluster: kind, original topics, messages and how many are still pending. */
export function DlqList({ clusterId }: { clusterId: string }) {
  const { cluster } = useCluster(clusterId);
  const dlqs = useDlqs(clusterId);
  const { state, setState, text, setText } = useListState(DLQ_LIST);
  const all = dlqs.data?.dlqs;
  const rows = useMemo(() => orderDlqs(all ?? [], { ...state, q: text }), [all, state, text]);
  const totalPending = (all ?? []).reduce((sum, row) => sum + row.pending, 0);

  const columns: Column<DlqRow>[] = [
    {
      id: "topic",
      header: "DLQ",
      sortable: true,
      className: "cell-name",
      cell: (row) => (
        <Link href={dlqHref.detail(clusterId, row.topic)} className="bidi-isolate break-all" data-testid={`dlq-link-${row.topic}`}>
          {revealControlChars(row.topic)}
        </Link>
      ),
    },
    { id: "kind", header: "Kind", width: "180px", cell: (row) => <DlqKindBadge kind={row.kind} clusterKind={cluster?.kind} /> },
    {
      id: "originalTopics",
      header: "Original topics",
      className: "cell-preview",
      cell: (row) => {
        if (row.originalTopics.length === 0) {
          return <span className="muted">{row.kind === "advisories" ? "the streams of the advisories" : "from message headers"}</span>;
        }
        const shown = row.originalTopics.slice(0, MAX_TOPICS_SHOWN);
        return (
          <span title={row.originalTopics.join(", ")}>
            {shown.map((topic, index) => (
              <span key={topic}>
                {index > 0 ? ", " : null}
                <Link href={clusterHref.topic(clusterId, topic)} className="bidi-isolate">
                  {revealControlChars(topic)}
                </Link>
              </span>
            ))}
            {row.originalTopics.length > shown.length ? <span className="muted"> +{row.originalTopics.length - shown.length}</span> : null}
          </span>
        );
      },
    },
    {
      id: "messages",
      header: "Messages",
      sortable: true,
      align: "right",
      width: "100px",
      cell: (row) => <span title={formatInteger(row.messages)}>{formatNumber(row.messages)}</span>,
    },
    {
      id: "pending",
      header: "Pending",
      sortable: true,
      align: "right",
      width: "100px",
      cell: (row) =>
        row.pending > 0 ? (
          <Link href={dlqHref.detail(clusterId, row.topic)} title={formatInteger(row.pending)} data-testid={`dlq-pending-${row.topic}`}>
            <Badge tone="warn">{formatNumber(row.pending)}</Badge>
          </Link>
        ) : (
          <span className="muted" data-testid={`dlq-pending-${row.topic}`}>
            0
          </span>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: cluster?.name ?? clusterId, href: clusterHref.cluster(clusterId) }, { label: "DLQ" }]}
        title="Dead-letter queues"
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={<FetchingIndicator active={dlqs.isFetching} />}
      />
      <QueryView
        query={dlqs}
        loadingLabel="Looking for dead-letter queues…"
        pollMs={DLQS_POLL_MS}
        isEmpty={(data) => data.dlqs.length === 0}
        empty={
          <EmptyState title={`No dead-letter queues on this ${kindLabel(cluster?.kind)} cluster`}>
            <DlqConventions />
          </EmptyState>
        }
      >
        {() => (
          <>
            <Toolbar>
              <FilterInput value={text} onChange={setText} placeholder="Filter by DLQ or original topic…" label="Filter dead-letter queues" />
              <label className="inline-field">
                <span>Pending</span>
                <Select
                  value={state.filters.pending}
                  aria-label="Pending filter"
                  data-testid="pending-filter"
                  onChange={(event) => setState(withFilter(state, { filters: { pending: event.target.value } }))}
                >
                  <option value="">Any</option>
                  <option value="some">Some pending</option>
                  <option value="none">None pending</option>
                </Select>
              </label>
              <span className="toolbar-spacer" />
              <span className="muted">
                {formatInteger(rows.length)} of {pluralize(all?.length ?? 0, "DLQ")} · {formatInteger(totalPending)} pending
              </span>
            </Toolbar>
            <DataTable
              label="Dead-letter queues"
              fixed
              columns={columns}
              rows={rows}
              rowKey={(row) => row.topic}
              sort={{ id: state.sort, direction: state.dir }}
              onSort={(id) => setState(withSort(DLQ_LIST, state, id as DlqSort))}
              empty={
                <NoMatch
                  title={noMatchTitle("dead-letter queues", { ...state, q: text }, { pending: "pending" })}
                  onClear={() => {
                    setText("");
                    setState(withoutFilters(state));
                  }}
                />
              }
            />
            <details className="section">
              <summary className="muted">How are DLQs found?</summary>
              <DlqConventions />
            </details>
          </>
        )}
      </QueryView>
    </>
  );
}
