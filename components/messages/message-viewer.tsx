"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import type { Message } from "@/lib/contract/topics";
import { epochHeaderAsIso, formatBytes, formatInteger } from "@/lib/client/format";
import { buildJsonTree } from "@/lib/client/json-tree";
import { decodeBase64, hexDump, isTruncated, prettyJson, revealControlChars } from "@/lib/client/message-value";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { traceHref } from "@/lib/client/related-links";
import { JsonTreeView } from "./json-tree";
import { TraceLink } from "./trace-link";
import { Time } from "@/components/ui/time";

function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={(event) => {
        event.stopPropagation();
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? "Copied" : label}
    </Button>
  );
}

/**
 * The value, rendered by encoding: JSON as a collapsible tree or pretty-printed text, text as is,
 * binary as a hex dump. Always as text.
 */
export function MessageValue({ message }: { message: Message }) {
  const truncated = isTruncated(message);
  const [jsonView, setJsonView] = useState<"tree" | "text">("tree");
  const rendered = useMemo(() => {
    if (message.value === null) return { kind: "null" as const };
    if (message.encoding === "base64") {
      const bytes = decodeBase64(message.value);
      return bytes ? { kind: "binary" as const, text: hexDump(bytes) } : { kind: "raw" as const, text: message.value };
    }
    if (message.encoding === "json") {
      const pretty = prettyJson(message.value);
      if (pretty !== null) return { kind: "json" as const, text: revealControlChars(pretty), tree: buildJsonTree(message.value) };
      return { kind: "text" as const, text: revealControlChars(message.value), note: "not parseable as JSON" };
    }
    return { kind: "text" as const, text: revealControlChars(message.value) };
  }, [message.value, message.encoding]);

  return (
    <div className="value-view">
      <div className="value-head">
        <span className="value-label">Value</span>
        {message.encoding === "base64" ? <Badge tone="warn">binary</Badge> : <Badge>{message.encoding}</Badge>}
        <span className="muted" title={`${formatInteger(message.size)} bytes`}>
          {formatBytes(message.size)}
        </span>
        {truncated ? (
          <Badge tone="warn" title="The server sent only the start of this value">
            truncated
          </Badge>
        ) : null}
        {"note" in rendered && rendered.note ? <span className="muted">({rendered.note}{truncated ? ", value is truncated" : ""})</span> : null}
        <span className="toolbar-spacer" />
        {rendered.kind === "json" ? (
          rendered.tree ? (
            <span className="segmented" role="group" aria-label="JSON view">
              {(["tree", "text"] as const).map((view) => (
                <button
                  key={view}
                  type="button"
                  className={`segmented-item ${jsonView === view ? "segmented-item-active" : ""}`}
                  aria-pressed={jsonView === view}
                  data-testid={`json-view-${view}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    setJsonView(view);
                  }}
                >
                  {view === "tree" ? "Tree" : "Text"}
                </button>
              ))}
            </span>
          ) : (
            <span className="muted">too large for a tree view</span>
          )
        ) : null}
        {message.value !== null ? <CopyButton text={message.value} label={message.encoding === "base64" ? "Copy base64" : "Copy"} /> : null}
      </div>
      {rendered.kind === "null" ? (
        <div className="muted value-null">null (no value; a tombstone on compacted topics)</div>
      ) : rendered.kind === "binary" ? (
        <pre className="code-block hexdump" aria-label="Hex dump">{rendered.text}</pre>
      ) : rendered.kind === "raw" ? (
        <>
          <div className="muted">Not valid base64; shown as received.</div>
          <pre className="code-block">{rendered.text}</pre>
        </>
      ) : rendered.kind === "json" && rendered.tree && jsonView === "tree" ? (
        <JsonTreeView root={rendered.tree.root} />
      ) : (
        <pre className="code-block">{rendered.text}</pre>
      )}
    </div>
  );
}

/** An epoch time header (x-original-timestamp) gets its ISO time beside the number. */
function HeaderTimeHint({ name, value }: { name: string; value: string }) {
  const iso = epochHeaderAsIso(name, value);
  if (!iso) return null;
  return (
    <span className="header-time-hint" data-testid="header-time">
      {" "}
      = {iso}
    </span>
  );
}

/** Everything about one message, shown under its row in the message table. */
export function MessageViewer({
  message,
  offsetLabel,
  showPartition = true,
}: {
  message: Message;
  offsetLabel: string;
  showPartition?: boolean;
}) {
  const headers = Object.entries(message.headers ?? {});
  return (
    <div className="message-viewer" onClick={(event) => event.stopPropagation()}>
      <dl className="meta-list">
        {showPartition ? (
          <div>
            <dt>Partition</dt>
            <dd>{message.partition}</dd>
          </div>
        ) : null}
        <div>
          <dt>{offsetLabel}</dt>
          <dd className="mono">{message.id ?? message.offset}</dd>
        </div>
        <div>
          <dt>Timestamp</dt>
          <dd><Time value={message.timestamp} milliseconds /></dd>
        </div>
        {message.subject !== undefined ? (
          <div>
            <dt>Subject</dt>
            <dd className="mono bidi-isolate">{revealControlChars(message.subject)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Size</dt>
          <dd>{formatInteger(message.size)} bytes</dd>
        </div>
        {message.eventId ? (
          <div>
            <dt>Event id</dt>
            <dd className="mono break-all">
              <Link href={traceHref(message.eventId)} title="Trace this event" data-testid="event-id-trace">
                {revealControlChars(message.eventId)}
              </Link>
            </dd>
          </div>
        ) : null}
        {message.traceId ? (
          <div>
            <dt>Trace id</dt>
            <dd>
              <TraceLink traceId={message.traceId} from={message.traceIdFrom} url={message.traceUrl} />
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="viewer-block">
        <div className="value-label">Key</div>
        {message.key === null ? (
          <div className="muted">null</div>
        ) : (
          <pre className="code-block code-inline">{revealControlChars(message.key)}</pre>
        )}
      </div>
      <div className="viewer-block">
        <div className="value-label">Headers ({headers.length})</div>
        {headers.length === 0 ? (
          <div className="muted">No headers</div>
        ) : (
          <table className="table table-dense headers-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {headers.map(([name, value]) => (
                <tr key={name}>
                  <td className="mono break-all bidi-isolate">{revealControlChars(name)}</td>
                  <td className="mono break-all pre-wrap">
                    {revealControlChars(String(value))}
                    <HeaderTimeHint name={name} value={String(value)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <MessageValue message={message} />
    </div>
  );
}
