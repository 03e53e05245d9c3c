"use client";
import type { IdempotencyRecord } from "@/lib/idempotency/types";
import { formatBytes, formatInteger } from "@/lib/client/format";
import { decodeBase64, hexDump, revealControlChars } from "@/lib/client/message-value";
import { Badge } from "@/components/ui/badge";

/** A record's value as text only: JSON pretty-printed by the server, binary as a hex dump, cut values marked. */
export function RecordValue({ record }: { record: IdempotencyRecord }) {
  let text: string | null = record.value;
  if (text !== null && record.encoding === "base64") {
    const bytes = decodeBase64(text);
    text = bytes ? hexDump(bytes) : text;
  }
  return (
    <div className="value-view">
      <div className="value-head">
        <span className="value-label">Value</span>
        {record.type ? <Badge tone="info">{record.type}</Badge> : null}
        {record.encoding === "base64" ? <Badge tone="warn">binary</Badge> : <Badge>{record.encoding}</Badge>}
        <span className="muted" title={`${formatInteger(record.size)} bytes`}>
          {formatBytes(record.size)}
        </span>
        {record.truncated ? (
          <Badge tone="warn" title={`Only the first 64 KiB of ${formatInteger(record.size)} bytes are shown`}>
            truncated
          </Badge>
        ) : null}
      </div>
      {text === null ? (
        <div className="muted value-null">no value</div>
      ) : (
        <pre className="code-block idem-value" data-testid="record-value">
          {revealControlChars(text)}
        </pre>
      )}
    </div>
  );
}
