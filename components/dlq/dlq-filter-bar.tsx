"use client";
import "./dlq.css";
import { useId, useState, type FormEvent } from "react";
import type { DlqStatusFilter } from "@/lib/contract/dlq";
import {
  DEFAULT_DLQ_FILTERS,
  DLQ_STATUSES,
  draftFromFilters,
  filtersFromDraft,
  type DlqFilterDraft,
  type DlqFilters,
} from "@/lib/client/dlq-filters";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { timePlaceholder, zoneWord } from "@/lib/client/time-input";

/**
 * The DLQ filters: status (applies at once), error and original topic (exact, with suggestions from
 * the summary), text in payload or headers, and a time range. Applied filters live in the URL; the
 * parent remounts this form (key) when they change, so it always starts from what is shown.
 */
export function DlqFilterBar({
  filters,
  onApply,
  errorOptions,
  topicOptions,
}: {
  filters: DlqFilters;
  onApply: (filters: DlqFilters) => void;
  errorOptions: string[];
  topicOptions: string[];
}) {
  const zone = useTimeZone();
  const [draft, setDraft] = useState<DlqFilterDraft>(() => draftFromFilters(filters, zone));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const listId = useId();

  const apply = (next: DlqFilterDraft) => {
    const result = filtersFromDraft(next, filters, zone);
    if (!result.ok) {
      setProblem({ field: result.field, message: result.message });
      return;
    }
    setProblem(null);
    onApply(result.filters);
  };

  const update = (patch: Partial<DlqFilterDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };

  return (
    <>
      <form className="filter-form" onSubmit={submit} aria-label="DLQ message filters" data-testid="dlq-filters">
        <label className="inline-field">
          <span>Status</span>
          <Select
            data-testid="dlq-status-filter"
            value={draft.status}
            onChange={(event) => {
              const next = { ...draft, status: event.target.value as DlqStatusFilter };
              setDraft(next);
              apply(next);
            }}
          >
            {DLQ_STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="inline-field inline-field-grow">
          <span title="An error group from the summary, or an exact error text">Error</span>
          <Input
            data-testid="dlq-error-filter"
            list={`${listId}-errors`}
            value={draft.error}
            placeholder="any error"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => update({ error: event.target.value })}
          />
          <datalist id={`${listId}-errors`}>
            {errorOptions.map((error) => (
              <option key={error} value={error} />
            ))}
          </datalist>
        </label>
        <label className="inline-field">
          <span>Original topic</span>
          <Input
            data-testid="dlq-topic-filter"
            list={`${listId}-topics`}
            value={draft.originalTopic}
            placeholder="any"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => update({ originalTopic: event.target.value })}
          />
          <datalist id={`${listId}-topics`}>
            {topicOptions.map((topic) => (
              <option key={topic} value={topic} />
            ))}
          </datalist>
        </label>
        <label className="inline-field inline-field-grow">
          <span>Contains</span>
          <Input
            data-testid="dlq-text-filter"
            type="search"
            value={draft.q}
            placeholder="text in payload or headers"
            spellCheck={false}
            onChange={(event) => update({ q: event.target.value })}
          />
        </label>
        <label className="inline-field">
          <span>Since ({zoneWord(zone)} unless written)</span>
          <Input
            data-testid="dlq-since-filter"
            type="text" inputMode="text" spellCheck={false} autoComplete="off" placeholder={timePlaceholder(zone)}
            value={draft.since}
            aria-invalid={problem?.field === "since"}
            onChange={(event) => update({ since: event.target.value })}
          />
        </label>
        <label className="inline-field">
          <span>Until</span>
          <Input
            data-testid="dlq-until-filter"
            type="text" inputMode="text" spellCheck={false} autoComplete="off" placeholder={timePlaceholder(zone)}
            value={draft.until}
            aria-invalid={problem?.field === "until"}
            onChange={(event) => update({ until: event.target.value })}
          />
        </label>
        <Button type="submit" variant="primary" data-testid="dlq-apply-filters">
          Apply
        </Button>
        <Button
          data-testid="dlq-clear-filters"
          onClick={() => {
            const cleared = draftFromFilters(DEFAULT_DLQ_FILTERS, zone);
            setDraft(cleared);
            apply(cleared);
          }}
        >
          Clear
        </Button>
      </form>
      {problem ? (
        <div className="form-error" role="alert">
          {problem.message}
        </div>
      ) : null}
    </>
  );
}
