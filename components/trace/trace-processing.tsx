"use client";
import Link from "next/link";
import type { TraceProcessingOutcome } from "@/lib/metrics-sources/types";
import { formatInteger } from "@/lib/client/format";
import { formatEventRate, formatFailureRatio, processingHref } from "@/lib/client/processing-format";
import { Badge } from "@/components/ui/badge";

/**
 * The processing outcome beside the story: what the services' counters say of the event's type on
 * the topic it was found on. Said plainly to be aggregate: a counter never tells one event's fate.
 */
export function TraceProcessing({ outcomes }: { outcomes: readonly TraceProcessingOutcome[] }) {
  return (
    <div data-testid="trace-processing">
      <p className="muted">
        From the services&apos; Prometheus counters (event_processed_total): they count every event of a type together, so these figures say how
        events like this one fare, not what happened to this one.
      </p>
      <ul className="trace-processing-list">
        {outcomes.map((outcome) => (
          <li key={`${outcome.source}|${outcome.type}|${outcome.topic}`} data-testid="trace-processing-outcome">
            <strong className="bidi-isolate">{outcome.type}</strong> on <span className="bidi-isolate">{outcome.topic}</span>:{" "}
            {formatEventRate(outcome.success)} processed, {formatEventRate(outcome.failure)} failed ({formatFailureRatio(outcome.failureRatio)}) in the last
            minute; {formatInteger(outcome.successTotal)} / {formatInteger(outcome.failureTotal)} since the service started.{" "}
            {outcome.spike ? <Badge tone="danger">failure spike</Badge> : null}{" "}
            {outcome.status !== "ok" ? (
              <Badge tone="warn" title={outcome.error}>
                {outcome.status}
              </Badge>
            ) : null}{" "}
            <Link href={processingHref.source(outcome.source)}>{outcome.source}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
