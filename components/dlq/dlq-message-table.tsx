"use client";
import "./dlq.css";
import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { DlqMessage } from "@/lib/contract/dlq";
import type { Message } from "@/lib/contract/topics";
import { dlqStatusTone } from "@/lib/client/dlq-progress";
import type { DlqOrder, DlqSort } from "@/lib/client/dlq-page-url";
import { isSelectable, pageSelectionState, type DlqSelection } from "@/lib/client/dlq-selection";
import { formatDuration, formatInteger, MISSING } from "@/lib/client/format";
import { useFormatTime } from "@/components/ui/time";
import { previewText, revealControlChars } from "@/lib/client/message-value";
import { dlqMessageLinks } from "@/lib/client/related-links";
import { useNow } from "@/lib/client/use-now";
import { Badge } from "@/components/ui/badge";
import { ProcessedBadge } from "@/components/idempotency/processed-badge";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { MessageViewer } from "@/components/messages/message-viewer";
import { withToggled } from "@/lib/client/toggle-set";
import { isSelectingText } from "@/lib/client/text-selection";

const AGE_TICK_MS = 15_000;

function SelectAllBox({ state, disabled, onChange }: { state: "none" | "some" | "all"; disabled: boolean; onChange: (checked: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === "some";
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="dlq-select-all"
      data-testid="dlq-select-page"
      aria-label="Select every pending message on this page"
      checked={state === "all"}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

export function DlqStatusBadge({ status }: { status: DlqMessage["status"] }) {
  return (
    <span data-testid="dlq-status" data-status={status}>
      <Badge tone={dlqStatusTone(status)}>{status}</Badge>
    </span>
  );
}

/** Where the message came from and why it failed, above the message itself. */
/**
 * The message as the viewer shows its position: a DLQ id made of the offset (Kafka "<partition>-<offset>",
 * JetStream "<seq>") is dropped so the offset shows; an id of its own (Redis Streams' entry id, whose
 * offset is only positional) is kept and shown instead of the offset.
 */
function positionOf(message: DlqMessage): Message {
  const fromOffset = message.id === String(message.offset) || message.id === `${message.partition}-${message.offset}`;
  if (!fromOffset) return message;
  const { id: _dlqId, ...rest } = message;
  return rest;
}

function DlqEnvelope({ clusterId, message, offsetLabel, actions }: { clusterId: string; message: DlqMessage; offsetLabel: string; actions?: ReactNode }) {
  const links = dlqMessageLinks(clusterId, message);
  return (
    <div className="dlq-envelope">
      <div className="related-links dlq-related" data-testid="dlq-related">
        {links.original ? (
          <span>
            <span className="muted">Original message: </span>
            <Link href={links.original.href} className="bidi-isolate" data-testid="dlq-original-link">
              {revealControlChars(links.original.label)}
            </Link>
          </span>
        ) : null}
        {links.failedBy ? (
          <span>
            {" · "}
            <span className="muted">Failed by: </span>
            <Link href={links.failedBy.href} className="bidi-isolate" data-testid="dlq-failed-by-link">
              {revealControlChars(links.failedBy.group)}
            </Link>
          </span>
        ) : null}
        {links.trace ? (
          <span>
            {" · "}
            <Link href={links.trace.href} data-testid="dlq-trace-link">
              Trace {previewText(links.trace.id, 60)}
            </Link>
          </span>
        ) : null}
      </div>
      <dl className="meta-list">
        <div>
          <dt>DLQ id</dt>
          <dd className="mono">{message.id}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <DlqStatusBadge status={message.status} />
          </dd>
        </div>
        <div>
          <dt>Original topic</dt>
          <dd className="mono bidi-isolate">{message.originalTopic === null ? <span className="muted">unknown</span> : revealControlChars(message.originalTopic)}</dd>
        </div>
        {message.originalSubject !== undefined ? (
          <div>
            <dt>Original subject</dt>
            <dd className="mono bidi-isolate">{revealControlChars(message.originalSubject)}</dd>
          </div>
        ) : null}
        {message.originalPartition !== undefined ? (
          <div>
            <dt>Original partition</dt>
            <dd>{message.originalPartition}</dd>
          </div>
        ) : null}
        {message.originalOffset !== undefined || message.originalId !== undefined ? (
          <div>
            <dt>Original {offsetLabel.toLowerCase()}</dt>
            <dd className="mono">{message.originalId ?? message.originalOffset}</dd>
          </div>
        ) : null}
        <div>
          <dt>Attempts</dt>
          <dd>{message.attempts === null ? <span className="muted">unknown</span> : formatInteger(message.attempts)}</dd>
        </div>
        {message.errorClass !== undefined ? (
          <div>
            <dt>Error class</dt>
            <dd className="mono bidi-isolate">{revealControlChars(message.errorClass)}</dd>
          </div>
        ) : null}
      </dl>
      <div className="viewer-block">
        <div className="value-label">Error</div>
        <pre className="code-block code-inline" data-testid="dlq-message-error">
          {revealControlChars(message.error)}
        </pre>
      </div>
      {actions ? <div className="dlq-envelope-actions">{actions}</div> : null}
    </div>
  );
}

/**
 * DLQ messages with a checkbox each (pending ones only), error, attempts, age and status. A click
 * on a row opens the envelope and the full message (JSON, text or hex; headers) beneath it.
 */
export function DlqMessageTable({
  clusterId,
  messages,
  selection,
  offsetLabel,
  showPartition,
  canAct,
  stale = false,
  order,
  onSort,
  onToggle,
  onTogglePage,
  onRequeueOne,
  onDiscardOne,
  empty,
}: {
  clusterId: string;
  messages: DlqMessage[];
  selection: DlqSelection;
  offsetLabel: string;
  showPartition: boolean;
  canAct: boolean;
  /** The rows are the previous query's, shown while the new one loads: look, but do not select. */
  stale?: boolean;
  /** The order shown (null sort: DLQ order, the Id column) and a header click. */
  order?: DlqOrder;
  onSort?: (column: DlqSort | "id") => void;
  onToggle: (message: DlqMessage, checked: boolean) => void;
  onTogglePage: (checked: boolean) => void;
  onRequeueOne: (message: DlqMessage, options?: { clearRecords?: boolean }) => void;
  onDiscardOne: (message: DlqMessage) => void;
  empty?: ReactNode;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const now = useNow(AGE_TICK_MS);
  const toggleOpen = (id: string) =>
    setExpanded((current) => withToggled(current, id));
  const pageState = pageSelectionState(selection, messages);

  const formatTime = useFormatTime();
  const columns: Column<DlqMessage>[] = [
    {
      id: "select",
      header: <SelectAllBox state={pageState} disabled={stale || !messages.some(isSelectable)} onChange={onTogglePage} />,
      width: "34px",
      className: "dlq-select-cell",
      cell: (message) => (
        <input
          type="checkbox"
          data-testid={`dlq-select-${message.id}`}
          aria-label={`Select message ${message.id}`}
          checked={selection.has(message.id)}
          disabled={stale || !isSelectable(message)}
          title={isSelectable(message) ? undefined : `Only pending messages can be selected (this one is ${message.status})`}
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => onToggle(message, event.target.checked)}
        />
      ),
    },
    {
      id: "toggle",
      header: <span className="sr-only">Open</span>,
      width: "28px",
      cell: (message) => {
        const open = expanded.has(message.id);
        return (
          <button
            type="button"
            className="row-toggle"
            aria-expanded={open}
            aria-label={open ? "Close message" : "Open message"}
            data-testid={`dlq-open-${message.id}`}
            onClick={(event) => {
              event.stopPropagation();
              toggleOpen(message.id);
            }}
          >
            {open ? "▾" : "▸"}
          </button>
        );
      },
    },
    { id: "id", header: "Id", title: "DLQ order", sortable: true, width: "110px", className: "mono nowrap", cell: (message) => message.id },
    {
      id: "originalTopic",
      header: "Original topic",
      sortable: true,
      width: "200px",
      className: "mono cell-preview",
      cell: (message) => {
        const where = [
          message.originalPartition !== undefined ? `partition ${message.originalPartition}` : null,
          message.originalId !== undefined
            ? `${offsetLabel.toLowerCase()} ${message.originalId}`
            : message.originalOffset !== undefined
              ? `${offsetLabel.toLowerCase()} ${message.originalOffset}`
              : null,
          message.originalSubject !== undefined ? `subject ${message.originalSubject}` : null,
        ]
          .filter(Boolean)
          .join(", ");
        return message.originalTopic === null ? (
          <span className="muted">unknown</span>
        ) : (
          <span className="bidi-isolate" title={where ? `${message.originalTopic} (${where})` : message.originalTopic}>
            {previewText(message.originalTopic, 60)}
          </span>
        );
      },
    },
    {
      id: "error",
      header: "Error",
      sortable: true,
      className: "cell-preview",
      cell: (message) => (
        <span title={message.errorClass ? `${message.errorClass}: ${message.error}` : message.error}>{previewText(message.error, 160)}</span>
      ),
    },
    {
      id: "attempts",
      header: "Attempts",
      sortable: true,
      align: "right",
      width: "80px",
      cell: (message) => (message.attempts === null ? <span className="muted">{MISSING}</span> : formatInteger(message.attempts)),
    },
    {
      // Sorted by the time it was dead-lettered: youngest first is newest first.
      id: "time",
      header: "Age",
      sortable: true,
      align: "right",
      width: "100px",
      className: "nowrap",
      cell: (message) => {
        const time = Date.parse(message.timestamp);
        const age = now === 0 || Number.isNaN(time) ? null : Math.max(0, (now - time) / 1000);
        return <span title={formatTime(message.timestamp, { milliseconds: true })}>{age === null ? MISSING : formatDuration(Math.round(age))}</span>;
      },
    },
    { id: "status", header: "Status", width: "100px", cell: (message) => <DlqStatusBadge status={message.status} /> },
    {
      id: "processed",
      header: <span title="Whether the event id has an idempotency record (processed: a requeued copy would be skipped)">Processed</span>,
      width: "96px",
      cell: (message) => (
        <span data-testid={`dlq-processed-${message.id}`} data-processed={message.processed ? "yes" : "no"}>
          <ProcessedBadge message={message} />
        </span>
      ),
    },
  ];

  return (
    <DataTable
      label="DLQ messages"
      dense
      fixed
      columns={columns}
      rows={messages}
      sort={order ? (order.sort ? { id: order.sort, direction: order.sort === "time" ? (order.dir === "asc" ? "desc" : "asc") : order.dir } : { id: "id", direction: "asc" }) : undefined}
      onSort={onSort ? (id) => onSort(id as DlqSort | "id") : undefined}
      rowKey={(message) => message.id}
      expanded={expanded}
      rowClassName={(message) => (selection.has(message.id) ? "dlq-row-selected" : undefined)}
      onRowClick={(message) => {
        // Selecting text in a row to copy it must not open or close the row.
        if (isSelectingText()) return;
        toggleOpen(message.id);
      }}
      renderExpanded={(message) => (
        <div data-testid={`dlq-message-${message.id}`}>
          <DlqEnvelope
            clusterId={clusterId}
            message={message}
            offsetLabel={offsetLabel}
            actions={
              isSelectable(message) && canAct ? (
                <>
                  <Button size="sm" variant="primary" data-testid="dlq-requeue-one" onClick={() => onRequeueOne(message)}>
                    Requeue this message…
                  </Button>
                  {message.processed ? (
                    <Button size="sm" data-testid="dlq-requeue-clear-one" onClick={() => onRequeueOne(message, { clearRecords: true })}>
                      Requeue and clear the record…
                    </Button>
                  ) : null}
                  <Button size="sm" variant="danger" data-testid="dlq-discard-one" onClick={() => onDiscardOne(message)}>
                    Discard…
                  </Button>
                </>
              ) : null
            }
          />
          <MessageViewer message={positionOf(message)} offsetLabel={`DLQ ${offsetLabel.toLowerCase()}`} showPartition={showPartition} />
        </div>
      )}
      empty={empty}
    />
  );
}
