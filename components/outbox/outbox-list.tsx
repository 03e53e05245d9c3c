"use client";
import Link from "next/link";
import type { OutboxSourceSummary } from "@/lib/outbox/types";
import { OUTBOX_POLL_MS, useOutboxSources } from "@/lib/client/outbox-queries";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatAgeSeconds, formatCount, outboxHref, statusLabel } from "./outbox-format";

const columns: Column<OutboxSourceSummary>[] = [
  {
    id: "id",
    header: "Outbox",
    width: "220px",
    cell: (source) => (
      <Link href={outboxHref.source(source.id)} className="bidi-isolate">
        {source.name}
      </Link>
    ),
  },
  { id: "kind", header: "Database", width: "110px", cell: (source) => (source.kind === "postgres" ? "PostgreSQL" : "MySQL/MariaDB") },
  { id: "status", header: "Status", width: "90px", cell: (source) => <StatusBadge status={statusLabel(source.status)} /> },
  { id: "backlog", header: "Backlog", align: "right", width: "100px", cell: (source) => formatCount(source.backlog) },
  { id: "oldest", header: "Oldest unpublished", align: "right", width: "150px", cell: (source) => formatAgeSeconds(source.oldestPendingAgeSeconds) },
  { id: "stuck", header: "Stuck", align: "right", width: "80px", cell: (source) => formatCount(source.stuck) },
  {
    id: "reason",
    header: "Why",
    // Wraps: the reason is the point of the row, never cut off.
    cell: (source) => (
      <>
        <div>{source.reason}</div>
        <div className="muted">{source.target}</div>
      </>
    ),
  },
];

/** Every configured outbox table: status with its reason, backlog, oldest unpublished row, stuck rows. */
export function OutboxList() {
  const sources = useOutboxSources();
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Outbox" }]}
        title="Outbox tables"
        subtitle="Events the services wrote to their transactional outbox, and whether they left it (read-only SQL)."
        actions={<FetchingIndicator active={sources.isFetching} />}
      />
      <QueryView
        query={sources}
        loadingLabel="Asking the databases…"
        pollMs={OUTBOX_POLL_MS}
        isEmpty={(data) => data.sources.length === 0}
        empty={
          <EmptyState title="No outbox tables configured">
            Add them to <code>outbox</code> in eventscope.config.json, for example{" "}
            <code>{'{"id": "orders-outbox", "kind": "postgres", "url": "postgres://app@db:5432/orders", "table": "reliable_outbox"}'}</code>. See
            docs/configuration.md.
          </EmptyState>
        }
      >
        {(data) => <DataTable label="Outbox tables" fixed columns={columns} rows={data.sources} rowKey={(source) => source.id} />}
      </QueryView>
    </>
  );
}
