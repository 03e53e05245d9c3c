"use client";
import "./dlq.css";
import type { UseQueryResult } from "@tanstack/react-query";
import type { DlqSummaryResponse } from "@/lib/contract/dlq";
import { formatInteger, pluralize } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Time } from "@/components/ui/time";

const MAX_TOPICS_SHOWN = 3;

/**
 * Pending messages grouped by error signature (numbers, ids and quoted parts replaced, or the
 * exception class): what failed, how often, since when. A click (or Enter on the focused error)
 * shows only that group's messages, a second click shows all again.
 */
export function DlqErrorSummary({
  summary,
  activeError,
  onPickError,
}: {
  summary: UseQueryResult<DlqSummaryResponse>;
  activeError: string;
  onPickError: (error: string) => void;
}) {
  return (
    <Section
      title="Pending by error"
      actions={
        <>
          <FetchingIndicator active={summary.isFetching} />
          <Button size="sm" onClick={() => void summary.refetch()} disabled={summary.isFetching} data-testid="summary-refresh">
            Refresh
          </Button>
        </>
      }
    >
      <QueryView
        query={summary}
        loadingLabel="Grouping pending messages by error…"
        isEmpty={(data) => data.groups.length === 0}
        empty={<EmptyState title="Nothing pending">Every message in this DLQ has been requeued or discarded.</EmptyState>}
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table table-dense" aria-label="Pending messages by error">
                <thead>
                  <tr>
                    <th scope="col">Error</th>
                    <th scope="col" className="align-right" style={{ width: "90px" }}>
                      Count
                    </th>
                    <th scope="col" style={{ width: "170px" }}>
                      Oldest
                    </th>
                    <th scope="col" style={{ width: "170px" }}>
                      Newest
                    </th>
                    <th scope="col" style={{ width: "220px" }}>
                      Original topics
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((group) => {
                    const active = group.error === activeError;
                    const topics = group.originalTopics.slice(0, MAX_TOPICS_SHOWN).map(revealControlChars);
                    return (
                      <tr
                        key={group.error}
                        data-testid="error-summary-row"
                        data-error={group.error}
                        data-count={group.count}
                        className={`dlq-summary-row ${active ? "dlq-summary-active" : ""}`}
                        aria-selected={active}
                        onClick={() => onPickError(active ? "" : group.error)}
                      >
                        <td className="dlq-error-cell">
                          <button
                            type="button"
                            className="dlq-error-button mono"
                            aria-pressed={active}
                            title={active ? "Show every error again" : "Show only messages with this error"}
                            onClick={(event) => {
                              event.stopPropagation();
                              onPickError(active ? "" : group.error);
                            }}
                          >
                            <span className="dlq-error-signature">{revealControlChars(group.error)}</span>
                            <span className="dlq-error-pick" aria-hidden="true">
                              {active ? "✕ show all" : "show ›"}
                            </span>
                          </button>
                          {group.example !== group.error ? (
                            <div className="dlq-error-example muted mono" data-testid="error-summary-example">
                              e.g. {revealControlChars(group.example)}
                            </div>
                          ) : null}
                        </td>
                        <td className="align-right">{formatInteger(group.count)}</td>
                        <td className="nowrap">
                          <Time value={group.oldest} />
                        </td>
                        <td className="nowrap">
                          <Time value={group.newest} />
                        </td>
                        <td className="cell-preview bidi-isolate" title={group.originalTopics.join(", ")}>
                          {topics.length === 0 ? <span className="muted">—</span> : topics.join(", ")}
                          {group.originalTopics.length > MAX_TOPICS_SHOWN ? (
                            <span className="muted"> +{group.originalTopics.length - MAX_TOPICS_SHOWN}</span>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="dlq-summary-note">
              {formatInteger(data.pending)} pending in {pluralize(data.groups.length, "error group")}, from{" "}
              {formatInteger(data.scanned)} messages read.
              {data.truncated ? " The DLQ is larger than one summary scan: these figures cover its oldest part only." : null}
            </div>
          </>
        )}
      </QueryView>
    </Section>
  );
}
