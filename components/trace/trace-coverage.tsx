"use client";
import { useState } from "react";
import type { TraceResult } from "@/lib/trace/types";
import { coverageLines, coverageSentence, coverageSummary } from "@/lib/client/trace-coverage";
import { formatInteger } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useFormatTime } from "@/components/ui/time";

/** Lines shown before "Show all": topics with hits and the ones the budget stopped come first. */
const FIRST_LINES = 12;

/**
 * How far back the trace looked, per topic: "looked back to <time> in <topic> (<cluster>): N of M
 * messages, stopped by the time budget / everything retained", times in the operator's zone.
 */
export function TraceCoverage({ result }: { result: TraceResult }) {
  const formatTime = useFormatTime();
  const [all, setAll] = useState(false);
  const lines = coverageLines(
    result.sources.flatMap((source) => source.coverage ?? []),
    result.hits,
  );
  const summary = coverageSummary(result);
  const shown = all ? lines : lines.slice(0, FIRST_LINES);
  return (
    <div className="trace-coverage" data-testid="trace-coverage">
      <p className="muted" data-testid="trace-coverage-summary">
        {formatInteger(summary.complete)} of {formatInteger(summary.total)} topics read back to their start
        {summary.stopped > 0 ? `, ${formatInteger(summary.stopped)} stopped by the time budget` : ""}
        {summary.notRead > 0 ? `, ${formatInteger(summary.notRead)} not read` : ""}.
      </p>
      {lines.length > 0 ? (
        <ul className="trace-coverage-list">
          {shown.map((line) => (
            <li
              key={`${line.cluster}\u0000${line.topic}`}
              data-topic={line.topic}
              data-cluster={line.cluster}
              data-complete={line.complete ? "true" : "false"}
            >
              <Badge tone={line.complete ? "ok" : "warn"}>{line.complete ? "end" : "budget"}</Badge>{" "}
              <span className="trace-coverage-text">{revealControlChars(coverageSentence(line, formatTime))}</span>
              {line.hits > 0 ? <span className="muted"> · found here</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {lines.length > FIRST_LINES ? (
        <Button size="sm" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${formatInteger(lines.length)} topics`}
        </Button>
      ) : null}
    </div>
  );
}
