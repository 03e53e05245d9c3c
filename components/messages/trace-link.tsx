"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Only ever a link to http(s): the server built it from a validated template; checked again here. */
const isWebUrl = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);

/**
 * A message's trace id (from traceparent or uber-trace-id), copyable, and a link to the tracing UI
 * when the config has a template (traceLinks.urlTemplate).
 */
export function TraceLink({ traceId, from, url }: { traceId: string; from?: string; url?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="trace-link" data-testid="trace-id-block">
      <span className="mono break-all" data-testid="trace-id" title={from ? `from the ${from} header` : undefined}>
        {traceId}
      </span>{" "}
      {isWebUrl(url) ? (
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="trace-link" onClick={(event) => event.stopPropagation()}>
          Open trace
        </a>
      ) : null}{" "}
      <Button
        size="sm"
        variant="ghost"
        onClick={(event) => {
          event.stopPropagation();
          void navigator.clipboard?.writeText(traceId).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </span>
  );
}
