"use client";
import { useState, type ReactNode } from "react";
import type { Message } from "@/lib/contract/topics";
import { formatBytes } from "@/lib/client/format";
import { isTruncated, previewText, previewValue } from "@/lib/client/message-value";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import type { MessageOrder } from "@/lib/client/list-url-state";
import { ProcessedBadge } from "@/components/idempotency/processed-badge";
import { MessageViewer } from "./message-viewer";
import { withToggled } from "@/lib/client/toggle-set";
import { isSelectingText } from "@/lib/client/text-selection";
import { Time } from "@/components/ui/time";

/** A row's key: the message's id where it carries one (Redis Streams: offsets are only positional). */
export const messageKey = (message: Pick<Message, "partition" | "offset" | "id">) => message.id ?? `${message.partition}-${message.offset}`;

/** Messages as rows; a click opens the full message (headers, key, value) beneath its row. */
export function MessageTable({
  messages,
  showPartition,
  showSubject,
  offsetLabel,
  empty,
  order,
  onOrder,
}: {
  messages: Message[];
  showPartition: boolean;
  showSubject: boolean;
  offsetLabel: string;
  empty?: ReactNode;
  /** Newest or oldest first (the rows read, by time then offset); the Timestamp header flips it. */
  order?: MessageOrder;
  onOrder?: (order: MessageOrder) => void;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setExpanded((current) => withToggled(current, key));

  const columns: Column<Message>[] = [
    {
      id: "toggle",
      header: <span className="sr-only">Open</span>,
      width: "28px",
      cell: (message) => {
        const key = messageKey(message);
        const open = expanded.has(key);
        return (
          <button
            type="button"
            className="row-toggle"
            aria-expanded={open}
            aria-label={open ? "Close message" : "Open message"}
            onClick={(event) => {
              event.stopPropagation();
              toggle(key);
            }}
          >
            {open ? "▾" : "▸"}
          </button>
        );
      },
    },
    ...(showPartition
      ? [{ id: "partition", header: "Partition", align: "right" as const, width: "76px", cell: (m: Message) => m.partition }]
      : []),
    { id: "offset", header: offsetLabel, align: "right", width: "100px", className: "mono", cell: (m) => m.id ?? m.offset },
    {
      id: "timestamp",
      header: "Timestamp",
      sortable: order !== undefined,
      title: "Orders the messages read, newest or oldest first",
      width: "240px",
      className: "nowrap",
      cell: (m) => <Time value={m.timestamp} milliseconds />,
    },
    ...(showSubject
      ? [
          {
            id: "subject",
            header: "Subject",
            width: "200px",
            className: "mono cell-preview",
            cell: (m: Message) => <span className="bidi-isolate">{previewText(m.subject ?? "", 60)}</span>,
          },
        ]
      : []),
    {
      id: "key",
      header: "Key",
      width: "180px",
      className: "mono cell-preview",
      cell: (m) => (m.key === null ? <span className="muted">null</span> : <span className="bidi-isolate">{previewText(m.key, 60)}</span>),
    },
    {
      id: "value",
      header: "Value",
      className: "mono cell-preview",
      cell: (m) => (
        <span className={m.value === null || m.encoding === "base64" ? "muted" : undefined}>{previewValue(m)}</span>
      ),
    },
    // Whether the message's event id has an idempotency record (the API sends `processed` when it checked).
    ...(messages.some((m) => m.processed !== undefined)
      ? [{ id: "processed", header: "Processed", width: "96px", cell: (m: Message) => <ProcessedBadge message={m} /> }]
      : []),
    {
      id: "size",
      header: "Size",
      align: "right",
      width: "150px",
      className: "nowrap",
      cell: (m) => (
        <>
          {isTruncated(m) ? (
            <Badge tone="warn" title="Value truncated by the server">
              truncated
            </Badge>
          ) : null}{" "}
          {formatBytes(m.size)}
        </>
      ),
    },
  ];

  return (
    <DataTable
      label="Messages"
      dense
      fixed
      columns={columns}
      rows={messages}
      rowKey={messageKey}
      sort={order ? { id: "timestamp", direction: order === "newest" ? "desc" : "asc" } : undefined}
      onSort={order && onOrder ? () => onOrder(order === "newest" ? "oldest" : "newest") : undefined}
      expanded={expanded}
      onRowClick={(message) => {
        // Selecting text in a row to copy it must not open or close the row.
        if (isSelectingText()) return;
        toggle(messageKey(message));
      }}
      renderExpanded={(message) => <MessageViewer message={message} offsetLabel={offsetLabel} showPartition={showPartition} />}
      empty={empty}
    />
  );
}
