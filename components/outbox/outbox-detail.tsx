"use client";
import Link from "next/link";
import { useState } from "react";
import type { OutboxRow, OutboxSourceDetail } from "@/lib/outbox/types";
import { errorMessage } from "@/lib/client/api-client";
import { pluralize } from "@/lib/client/format";
import { isSelectingText } from "@/lib/client/text-selection";
import { OUTBOX_POLL_MS, useOutboxAction, useOutboxHistory, useOutboxRows, useOutboxSource, type OutboxActionInput } from "@/lib/client/outbox-queries";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Stat, StatRow } from "@/components/ui/stat";
import { StatusBadge } from "@/components/ui/status-badge";
import { OutboxHistoryChart } from "./outbox-history-chart";
import { Time } from "@/components/ui/time";
import { usePermission } from "@/components/auth/current-user";
import { formatAgeSeconds, formatCount, formatRate, outboxHref, outboxRowTime, statusLabel } from "./outbox-format";

const PAGE_SIZE = 25;

/** One outbox table: status and figures, history, rows by status (cursor pages) and, when allowed, actions. */
export function OutboxDetail({ sourceId }: { sourceId: string }) {
  const source = useOutboxSource(sourceId);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Outbox", href: outboxHref.list }, { label: sourceId }]}
        title={source.data?.name ?? sourceId}
        subtitle={source.data ? source.data.target : undefined}
        actions={<FetchingIndicator active={source.isFetching} />}
      />
      <QueryView query={source} loadingLabel="Asking the database…" pollMs={OUTBOX_POLL_MS}>
        {(data) => <OutboxFigures detail={data} />}
      </QueryView>
    </>
  );
}

function OutboxFigures({ detail }: { detail: OutboxSourceDetail }) {
  const history = useOutboxHistory(detail.id);
  return (
    <>
      <p data-testid="outbox-status">
        <StatusBadge status={statusLabel(detail.status)} /> {detail.reason}
      </p>
      {detail.status === "down" ? null : (
        <>
          <StatRow>
            <Stat label="Backlog" value={formatCount(detail.backlog)} />
            <Stat label="Oldest unpublished" value={formatAgeSeconds(detail.oldestPendingAgeSeconds)} tone={detail.status === "ok" ? undefined : "warn"} />
            <Stat
              label="Stuck"
              value={formatCount(detail.stuck)}
              title={`${formatCount(detail.stuckByAttempts)} at ${detail.maxAttempts}+ attempts, ${formatCount(detail.stuckByRetry)} overdue for retry by more than ${detail.retryGraceSeconds} s`}
              tone={(detail.stuck ?? 0) > 0 ? "danger" : undefined}
            />
            <Stat label="Published" value={formatRate(detail.publishRate)} />
          </StatRow>
          <h2>Rows by status</h2>
          {Object.keys(detail.byStatus).length === 0 ? (
            <p className="muted">The table has no status column: every row waits to be published.</p>
          ) : (
            <table className="table table-dense" aria-label="Rows by status">
              <tbody>
                {Object.entries(detail.byStatus).map(([status, count]) => (
                  <tr key={status}>
                    <td>{status}</td>
                    <td style={{ textAlign: "right" }}>
                      {detail.estimatedStatuses?.includes(status) ? "≈ " : ""}
                      {formatCount(count)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Last hour</h2>
          <OutboxHistoryChart points={history.data?.points ?? []} error={history.error} />
          {detail.actionsAllowed ? <StuckActions detail={detail} /> : null}
          <OutboxRows detail={detail} />
        </>
      )}
    </>
  );
}

/** Retry now / mark failed on every stuck row: a dry run counts them, then a confirmed job. */
function StuckActions({ detail }: { detail: OutboxSourceDetail }) {
  const mutation = useOutboxAction(detail.id);
  const can = usePermission("operator");
  const [pending, setPending] = useState<{ input: OutboxActionInput; matched: number } | null>(null);
  const [done, setDone] = useState<{ id: string; total: number } | null>(null);
  // A refusal (403, 409...) is shown from mutation.error; caught here so it is no unhandled rejection.
  const ask = async (input: OutboxActionInput) => {
    setDone(null);
    const result = await mutation.mutateAsync({ ...input, dryRun: true }).catch(() => null);
    if (result && "matched" in result) setPending({ input, matched: result.matched });
  };
  const confirm = async () => {
    if (!pending) return;
    const result = await mutation.mutateAsync(pending.input).catch(() => null);
    if (!result) return;
    setPending(null);
    if ("job" in result) setDone({ id: result.job.id, total: result.job.total });
  };
  const disabled = mutation.isPending || !detail.stuck || !can.allowed;
  const why = can.allowed ? undefined : can.reason;
  return (
    <section>
      <h2>Actions</h2>
      <Button onClick={() => void ask({ action: "retry", stuck: true })} disabled={disabled} title={why} data-testid="outbox-retry-stuck">
        Retry stuck rows now
      </Button>{" "}
      <Button variant="danger" onClick={() => void ask({ action: "mark-failed", stuck: true })} disabled={disabled} title={why}>
        Mark stuck rows failed
      </Button>
      {why ? <p className="muted">{why}</p> : null}
      {done ? (
        <p role="status">
          Job <Link href={`/jobs/${encodeURIComponent(done.id)}`}>{done.id}</Link> queued for {pluralize(done.total, "row")}.
        </p>
      ) : null}
      {mutation.isError && !pending ? <p className="error">{errorMessage(mutation.error)}</p> : null}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.input.action === "retry" ? "Retry stuck rows now" : "Mark stuck rows failed"}
        destructive={pending?.input.action === "mark-failed"}
        busy={mutation.isPending}
        error={mutation.isError ? errorMessage(mutation.error) : null}
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      >
        {pending ? `${pluralize(pending.matched, "row")} ${pending.matched === 1 ? "matches" : "match"} now. The change runs as an audited job.` : null}
      </ConfirmDialog>
    </section>
  );
}

const rowColumns: Column<OutboxRow>[] = [
  {
    id: "id",
    header: "Id",
    width: "170px",
    cell: (row) => (
      <>
        <div className="mono">{row.id}</div>
        <Link href={outboxRowTraceHref(row)} title="Trace this event: the outbox row, the topic, the consumers" data-testid="outbox-row-trace" onClick={(event) => event.stopPropagation()}>
          Trace
        </Link>
      </>
    ),
  },
  { id: "topic", header: "Topic", width: "150px", cell: (row) => row.topic ?? row.aggregateType ?? "—" },
  { id: "status", header: "Status", width: "90px", cell: (row) => row.status ?? "—" },
  { id: "attempts", header: "Attempts", align: "right", width: "80px", cell: (row) => (row.attempts === null ? "—" : String(row.attempts)) },
  { id: "next", header: "Next retry", width: "180px", cell: (row) => <RowTime text={row.nextRetryAt} /> },
  { id: "created", header: "Created", width: "180px", cell: (row) => <RowTime text={row.createdAt} /> },
  // One line here; the whole payload in the row's detail (click the row).
  { id: "payload", header: "Payload", className: "cell-preview mono", cell: (row) => previewPayload(row.payload) },
];

function PayloadDetail({ row }: { row: OutboxRow }) {
  return (
    <pre className="mono break-all" data-testid="outbox-row-payload" style={{ whiteSpace: "pre-wrap", margin: 0 }}>
      {typeof row.payload === "string" ? row.payload : JSON.stringify(row.payload, null, 2)}
    </pre>
  );
}

/** The event's trace from its row: the row's id is the event id (Debezium: the aggregate id); the seeds' topic narrows the scan. */
function outboxRowTraceHref(row: OutboxRow): string {
  const search = new URLSearchParams({ id: row.aggregateId ?? row.id });
  if (row.topic) search.set("topic", row.topic);
  return `/trace?${search.toString()}`;
}

/** The console's time format and zone switch; text the database gave that is no time shows as it is. */
function RowTime({ text }: { text: string | null }) {
  return text === null ? <Time value={null} /> : <Time value={outboxRowTime(text) ?? text} />;
}

function previewPayload(payload: unknown): string {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  return text === undefined ? "—" : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function OutboxRows({ detail }: { detail: OutboxSourceDetail }) {
  const [status, setStatus] = useState("");
  const [q, setQ] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const cursor = cursors[cursors.length - 1];
  const rows = useOutboxRows(detail.id, { limit: PAGE_SIZE, ...(status ? { status } : {}), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
  const statuses = [...new Set([...Object.keys(detail.byStatus), ...detail.statuses.pending, ...detail.statuses.published, ...detail.statuses.failed])];
  return (
    <section>
      <h2>Rows</h2>
      <div className="toolbar">
        {detail.columns.status ? (
          <Select aria-label="Status" value={status} onChange={(event) => (setStatus(event.target.value), setCursors([]))}>
            <option value="">Every status</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        ) : null}{" "}
        <Input
          aria-label="Search rows"
          placeholder="Id, topic or text in the payload"
          defaultValue={q}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              setQ((event.target as HTMLInputElement).value.trim());
              setCursors([]);
            }
          }}
        />
      </div>
      <QueryView query={rows} loadingLabel="Reading rows…" pollMs={OUTBOX_POLL_MS} isEmpty={(data) => data.rows.length === 0} empty={<EmptyState title="No rows match">Nothing in this table matches the filter.</EmptyState>}>
        {(data) => (
          <>
            <DataTable
              label="Outbox rows"
              fixed
              columns={rowColumns}
              rows={data.rows}
              rowKey={(row) => row.id}
              expanded={expanded}
              onRowClick={(row) => {
                if (isSelectingText()) return;
                toggle(row.id);
              }}
              renderExpanded={(row) => <PayloadDetail row={row} />}
            />
            <nav className="pagination" aria-label="Pagination">
              <Button size="sm" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                ‹ Newer
              </Button>{" "}
              <Button size="sm" disabled={!data.next} onClick={() => data.next && setCursors([...cursors, data.next])}>
                Older ›
              </Button>
            </nav>
          </>
        )}
      </QueryView>
    </section>
  );
}
