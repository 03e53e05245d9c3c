"use client";
import "./dlq.css";
import { requeueNoticeFor, vocabularyFor } from "@/lib/client/cluster-labels";
import { useEffect, useMemo, useState } from "react";
import type { ClusterKind } from "@/lib/contract/common";
import type { DlqMessage, DlqTargetSelector } from "@/lib/contract/dlq";
import type { Job } from "@/lib/contract/jobs";
import { ApiError, errorMessage } from "@/lib/client/api-client";
import {
  buildRequeueBody,
  describeDestination,
  dryRunSentence,
  initialRequeueForm,
  messagesWithRecords,
  originalDestinationOf,
  requeueFieldOf,
  valueEditBlocker,
  type RequeueField,
  type RequeueForm,
} from "@/lib/client/dlq-requeue";
import { headerNamesOf, isEnvelopeHeader } from "@/lib/client/dlq-selection";
import { useRequeueDryRun, useStartRequeue } from "@/lib/client/dlq-queries";
import { formatInteger, pluralize } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { Button } from "@/components/ui/button";
import { Checkbox, Input } from "@/components/ui/input";
import { DlqModal } from "./dlq-modal";
import { FieldError, RateField, TargetField } from "./job-form-fields";

/** A refused action, said plainly: 403 (role or read-only), nothing to do (422), or the server's words. */
export function actionErrorText(error: unknown, verb: string): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `Not allowed to ${verb}: ${error.message}`;
    if (error.status === 401) return `Sign in again to ${verb}: ${error.message}`;
    if (error.code === "nothing-matched") return `Nothing to ${verb}: ${error.message}. The list may be out of date; refresh it.`;
    if (error.status === 404) return `${error.message}. It may have been requeued or discarded meanwhile; refresh the list.`;
  }
  return errorMessage(error);
}

export interface RequeueRequest {
  selector: DlqTargetSelector;
  /** "3 selected messages", "all pending messages matching the filter". */
  scopeLabel: string;
  /** The selected messages (ids: header names, destinations), or those on screen (filter: header names). */
  messages: DlqMessage[];
  /** Known original topics for a filter or "all" (from the filter, summary or DLQ list). */
  originals: string[];
  /** Opened as "Requeue and clear the record": the clear option starts ticked. */
  clearRecords?: boolean;
}

/**
 * Requeue: first a dry run ("N messages will be sent to X"), then options (target, rate, headers to
 * drop or set, an edited value for a single message), then Confirm, which starts a job (202).
 */
export function RequeueDialog({
  clusterId,
  topic,
  clusterKind,
  request,
  onClose,
  onStarted,
}: {
  clusterId: string;
  topic: string;
  clusterKind: ClusterKind | undefined;
  request: RequeueRequest;
  onClose: () => void;
  onStarted: (job: Job) => void;
}) {
  const single = "ids" in request.selector && request.selector.ids.length === 1 ? (request.messages.find((m) => "ids" in request.selector && m.id === request.selector.ids[0]) ?? null) : null;
  const opening = initialRequeueForm(single, { clearRecords: request.clearRecords });
  const [form, setForm] = useState<RequeueForm>(() => opening);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RequeueField, string>>>({});
  // The last count obtained: a later check that fails (a target that does not exist) does not erase it.
  const [matched, setMatched] = useState<number | undefined>(undefined);
  const [recordsToClear, setRecordsToClear] = useState<number | undefined>(undefined);
  const dryRun = useRequeueDryRun(clusterId, topic);
  const start = useStartRequeue(clusterId, topic);

  const update = (patch: Partial<RequeueForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setFieldErrors({});
  };

  const runDryRun = (current: RequeueForm) => {
    const built = buildRequeueBody(request.selector, current, { dryRun: true, clusterKind });
    if (!built.ok) {
      setFieldErrors({ [built.field]: built.message });
      return;
    }
    dryRun.mutate(built.body, {
      onSuccess: (data) => {
        setMatched(data.matched);
        setRecordsToClear(data.recordsToClear);
      },
      onError: (error) => {
        const field = error instanceof ApiError ? requeueFieldOf(error.field) : null;
        if (field) setFieldErrors({ [field]: error.message });
      },
    });
  };

  // The count comes first: ask as soon as the dialog opens.
  useEffect(() => {
    runDryRun(opening);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on open
  }, []);

  const headerNames = useMemo(() => headerNamesOf(request.messages), [request.messages]);
  const envelopeNames = headerNames.filter(isEnvelopeHeader);
  const originals = useMemo(() => {
    const fromMessages = request.messages.map((message) => originalDestinationOf(message, clusterKind)).filter((name): name is string => Boolean(name));
    // A filter may reach far beyond the messages on screen: name only what is known for all of them.
    return "ids" in request.selector ? fromMessages : request.originals;
  }, [request, clusterKind]);
  const destination = describeDestination({ target: form.target, clusterKind, originals });
  const editBlocker = valueEditBlocker(single);
  const byIds = "ids" in request.selector;
  const withRecords = messagesWithRecords(request.messages);
  const busy = start.isPending;

  const confirm = () => {
    const built = buildRequeueBody(request.selector, form, { clusterKind });
    if (!built.ok) {
      setFieldErrors({ [built.field]: built.message });
      return;
    }
    start.mutate(built.body, {
      onSuccess: (data) => onStarted(data.job),
      onError: (error) => {
        const field = error instanceof ApiError ? requeueFieldOf(error.field) : null;
        if (field) setFieldErrors({ [field]: error.message });
      },
    });
  };

  const toggleDrop = (name: string, checked: boolean) =>
    update({ dropHeaders: checked ? [...form.dropHeaders, name] : form.dropHeaders.filter((other) => other !== name) });

  const startError = start.isError && !(start.error instanceof ApiError && requeueFieldOf(start.error.field)) ? start.error : null;
  const dryRunError = dryRun.isError && !(dryRun.error instanceof ApiError && requeueFieldOf(dryRun.error.field)) ? dryRun.error : null;

  return (
    <DlqModal
      title={`Requeue ${request.scopeLabel}`}
      busy={busy}
      onClose={onClose}
      testId="requeue-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="primary"
            data-testid="requeue-confirm"
            onClick={confirm}
            disabled={busy || dryRun.isPending || matched === undefined || matched === 0}
          >
            {busy ? "Starting…" : matched ? `Requeue ${pluralize(matched, "message")}` : "Requeue"}
          </Button>
        </>
      }
    >
      <div
        className={`dlq-count ${matched === 0 ? "dlq-count-zero" : ""}`}
        data-testid="requeue-dry-run-count"
        data-matched={matched ?? ""}
        aria-live="polite"
      >
        {matched === undefined && dryRun.isPending ? (
          "Counting the pending messages that would be sent…"
        ) : matched === undefined ? (
          dryRunError ? (
            <span className="error-message">Could not count: {actionErrorText(dryRunError, "requeue")}</span>
          ) : (
            "Not counted yet."
          )
        ) : matched === 0 ? (
          "No pending message matches: nothing would be sent. They may have been requeued or discarded already."
        ) : (
          <>
            {dryRunSentence(matched, "").trimEnd()}{" "}
            <strong className="bidi-isolate">{revealControlChars(destination)}</strong>
            {form.target.trim() === "" ? null : <span className="muted"> (target override)</span>}
            {dryRun.isPending ? <span className="muted"> · checking…</span> : null}
          </>
        )}
      </div>

      <div className="dlq-form">
        <div className="dlq-form-row">
          <TargetField
            label={`Target ${vocabularyFor(clusterKind).target} (optional)`}
            placeholder={`default: each message's original ${vocabularyFor(clusterKind).target}`}
            value={form.target}
            error={fieldErrors.target}
            testId="requeue-target"
            onChange={(target) => update({ target })}
            onBlur={() => {
              // A new target is checked by the server (does the topic exist?) with a fresh count.
              if (form.target.trim() !== "") runDryRun(form);
            }}
          />
          <RateField value={form.rate} error={fieldErrors.rate} testId="requeue-rate" onChange={(rate) => update({ rate })} />
        </div>

        <fieldset className="dlq-fieldset">
          <legend>Drop headers</legend>
          {headerNames.length === 0 ? (
            <div className="muted">
              {"ids" in request.selector ? "The selected messages have no headers." : "No headers seen on the messages shown."}
            </div>
          ) : (
            <>
              {!("ids" in request.selector) ? <div className="field-hint">Header names seen on the messages shown on this page.</div> : null}
              <div className="dlq-header-checks" data-testid="requeue-drop-headers">
                {headerNames.map((name) => (
                  <Checkbox key={name} checked={form.dropHeaders.includes(name)} onChange={(checked) => toggleDrop(name, checked)}>
                    <span className="bidi-isolate" title={isEnvelopeHeader(name) ? "Dead-letter envelope header" : undefined}>
                      {revealControlChars(name)}
                    </span>
                  </Checkbox>
                ))}
              </div>
              {envelopeNames.length > 0 ? (
                <div className="dlq-fieldset-tools">
                  <Button size="sm" onClick={() => update({ dropHeaders: [...new Set([...form.dropHeaders, ...envelopeNames])] })}>
                    Drop the dead-letter headers ({envelopeNames.length})
                  </Button>
                  {form.dropHeaders.length > 0 ? (
                    <Button size="sm" variant="ghost" onClick={() => update({ dropHeaders: [] })}>
                      Keep all
                    </Button>
                  ) : null}
                </div>
              ) : null}
            </>
          )}
        </fieldset>

        <fieldset className="dlq-fieldset">
          <legend>Set headers</legend>
          <div className="dlq-header-rows" data-testid="requeue-set-headers">
            {form.setHeaders.map((row, index) => (
              <div className="dlq-header-row" key={index}>
                <Input
                  aria-label={`Header ${index + 1} name`}
                  placeholder="name"
                  className="mono"
                  spellCheck={false}
                  value={row.name}
                  onChange={(event) =>
                    update({ setHeaders: form.setHeaders.map((other, i) => (i === index ? { ...other, name: event.target.value } : other)) })
                  }
                />
                <Input
                  aria-label={`Header ${index + 1} value`}
                  placeholder="value"
                  className="mono"
                  spellCheck={false}
                  value={row.value}
                  onChange={(event) =>
                    update({ setHeaders: form.setHeaders.map((other, i) => (i === index ? { ...other, value: event.target.value } : other)) })
                  }
                />
                <Button size="sm" variant="ghost" aria-label={`Remove header ${index + 1}`} onClick={() => update({ setHeaders: form.setHeaders.filter((_, i) => i !== index) })}>
                  ✕
                </Button>
              </div>
            ))}
          </div>
          <div className="dlq-fieldset-tools">
            <Button size="sm" data-testid="requeue-add-header" onClick={() => update({ setHeaders: [...form.setHeaders, { name: "", value: "" }] })}>
              Add header
            </Button>
            <span className="field-hint">Set headers replace headers of the same name.</span>
          </div>
          <FieldError field="setHeaders" errors={fieldErrors} />
        </fieldset>

        {byIds && (withRecords > 0 || form.clearRecords) ? (
          <fieldset className="dlq-fieldset" data-testid="requeue-clear-records">
            <legend>Idempotency records</legend>
            <div className="field-hint">
              {formatInteger(withRecords)} of the chosen messages {withRecords === 1 ? "has" : "have"} an idempotency record: the
              consumer would skip {withRecords === 1 ? "it" : "them"} as already processed.
            </div>
            <Checkbox
              checked={form.clearRecords}
              onChange={(checked) => {
                const next = { ...form, clearRecords: checked };
                update({ clearRecords: checked });
                runDryRun(next);
              }}
            >
              Clear the records first, so the events are processed again
            </Checkbox>
            {form.clearRecords && recordsToClear !== undefined ? (
              <div className="muted" data-testid="requeue-records-to-clear" data-count={recordsToClear}>
                {recordsToClear === 0
                  ? "No record to clear now."
                  : `${formatInteger(recordsToClear)} event${recordsToClear === 1 ? "'s record" : "s' records"} will be deleted before the messages are sent (audited).`}
              </div>
            ) : null}
            <FieldError field="clearRecords" errors={fieldErrors} />
          </fieldset>
        ) : null}

        {single ? (
          <fieldset className="dlq-fieldset">
            <legend>Value</legend>
            {editBlocker ? (
              <div className="muted">{editBlocker}</div>
            ) : (
              <>
                <Checkbox checked={form.editValue} onChange={(checked) => update({ editValue: checked })}>
                  Send an edited value instead of the original
                </Checkbox>
                {form.editValue ? (
                  <textarea
                    className="input dlq-value-editor"
                    data-testid="requeue-value"
                    aria-label="Edited value"
                    spellCheck={false}
                    value={form.value}
                    onChange={(event) => update({ value: event.target.value })}
                  />
                ) : null}
              </>
            )}
            <FieldError field="value" errors={fieldErrors} />
          </fieldset>
        ) : null}
      </div>

      {startError ? (
        <div className="form-error" role="alert" data-testid="requeue-error">
          {actionErrorText(startError, "requeue")}
        </div>
      ) : null}
      <p className="field-hint">
        Requeue runs as a job: each message is sent once (a second click or a resumed job sends nothing twice), and the
        job can be cancelled.
      </p>
      {requeueNoticeFor(clusterKind) ? (
        <p className="field-hint" data-testid="requeue-broker-notice">
          {requeueNoticeFor(clusterKind)}
        </p>
      ) : null}
    </DlqModal>
  );
}
