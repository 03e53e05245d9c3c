"use client";
import "@/components/dlq/dlq.css";
import { capabilitiesFor } from "@/lib/client/cluster-labels";
import { useMemo, useState } from "react";
import type { ClusterKind } from "@/lib/contract/common";
import type { Job } from "@/lib/contract/jobs";
import type { PartitionOffsets } from "@/lib/contract/topics";
import { ApiError } from "@/lib/client/api-client";
import { pluralize } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import {
  buildReplayBody,
  initialReplayForm,
  replayCountLead,
  replayFieldOf,
  replayRequestKey,
  type ReplayField,
  type ReplayForm,
} from "@/lib/client/replay-form";
import { useReplayDryRun, useStartReplay } from "@/lib/client/replay-queries";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { DlqModal } from "@/components/dlq/dlq-modal";
import { FieldError, RateField, TargetField } from "@/components/dlq/job-form-fields";
import { actionErrorText } from "@/components/dlq/requeue-dialog";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { timePlaceholder, zoneWord } from "@/lib/client/time-input";

/**
 * Replay a range of a topic (Kafka: partitions, offsets or times) or a stream (sequences or times)
 * to a target. Count first (a dry run of exactly the request that Confirm would send), then
 * Confirm, which starts a job; the caller shows its progress.
 */
export function ReplayDialog({
  clusterId,
  topic,
  clusterKind,
  partitions,
  onClose,
  onStarted,
}: {
  clusterId: string;
  topic: string;
  clusterKind: ClusterKind | undefined;
  partitions: PartitionOffsets[];
  onClose: () => void;
  onStarted: (job: Job) => void;
}) {
  const stream = !capabilitiesFor(clusterKind).hasPartitions;
  const position = stream ? "sequence" : "offset";
  const zone = useTimeZone();
  const [form, setForm] = useState<ReplayForm>(() => initialReplayForm(partitions, new Date(), zone));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ReplayField, string>>>({});
  // The count and the request it was made for: Confirm only sends a request that was counted.
  const [counted, setCounted] = useState<{ key: string; matched: number; target: string } | null>(null);
  const dryRun = useReplayDryRun(clusterId, topic);
  const start = useStartReplay(clusterId, topic);
  const partitionNumbers = useMemo(() => partitions.map((p) => p.partition), [partitions]);
  const options = { clusterKind, partitions: partitionNumbers, zone };

  const built = buildReplayBody(form, options);
  const currentKey = built.ok ? replayRequestKey(built.body) : null;
  const countIsCurrent = counted !== null && counted.key === currentKey;
  const busy = start.isPending;

  const update = (patch: Partial<ReplayForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setFieldErrors({});
  };

  const serverFieldError = (error: unknown) => {
    const field = error instanceof ApiError ? replayFieldOf(error.field) : null;
    if (field) setFieldErrors({ [field]: (error as ApiError).message });
    return field !== null;
  };

  const count = () => {
    const request = buildReplayBody(form, { ...options, dryRun: true });
    if (!request.ok) {
      setFieldErrors({ [request.field]: request.message });
      return;
    }
    dryRun.mutate(request.body, {
      onSuccess: (data) => setCounted({ key: replayRequestKey(request.body), matched: data.matched, target: request.body.target }),
      onError: (error) => {
        setCounted(null);
        serverFieldError(error);
      },
    });
  };

  const confirm = () => {
    if (!built.ok) {
      setFieldErrors({ [built.field]: built.message });
      return;
    }
    start.mutate(built.body, { onSuccess: (data) => onStarted(data.job), onError: serverFieldError });
  };

  const plainError = (error: unknown) => (error && !(error instanceof ApiError && replayFieldOf(error.field)) ? error : null);
  const dryRunError = dryRun.isError ? plainError(dryRun.error) : null;
  const startError = start.isError ? plainError(start.error) : null;
  const matched = countIsCurrent ? counted.matched : undefined;

  return (
    <DlqModal
      title={`Replay from ${revealControlChars(topic)}`}
      busy={busy}
      onClose={onClose}
      testId="replay-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button data-testid="replay-count" onClick={count} disabled={busy || dryRun.isPending}>
            {dryRun.isPending ? "Counting…" : countIsCurrent ? "Count again" : "Count messages"}
          </Button>
          <Button variant="primary" data-testid="replay-confirm" onClick={confirm} disabled={busy || !countIsCurrent || !matched}>
            {busy ? "Starting…" : matched ? `Replay ${pluralize(matched, "message")}` : "Replay"}
          </Button>
        </>
      }
    >
      <div className="dlq-form">
        {!stream ? (
          <label className="inline-field">
            <span>Partitions</span>
            <Input
              data-testid="replay-partitions"
              value={form.partitions}
              placeholder="all, or 0, 2, 5-7"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={Boolean(fieldErrors.partitions)}
              onChange={(event) => update({ partitions: event.target.value })}
            />
            <span className="field-hint">
              {pluralize(partitions.length, "partition")}: “all”, or numbers and ranges.
            </span>
            <FieldError field="partitions" errors={fieldErrors} />
          </label>
        ) : null}

        <div className="dlq-form-row dlq-form-row-even">
          <label className="inline-field">
            <span>Range by</span>
            <Select data-testid="replay-mode" value={form.mode} onChange={(event) => update({ mode: event.target.value as ReplayForm["mode"] })}>
              <option value="time">time</option>
              <option value="offset">{position}</option>
            </Select>
          </label>
        </div>

        {form.mode === "offset" ? (
          <div className="dlq-form-row dlq-form-row-even">
            <BoundField kind="offset" field="from" label={`First ${position}`} value={form.fromOffset} errors={fieldErrors} onChange={(fromOffset) => update({ fromOffset })} />
            <BoundField kind="offset" field="to" label={`Last ${position} (included)`} value={form.toOffset} errors={fieldErrors} onChange={(toOffset) => update({ toOffset })} />
          </div>
        ) : (
          <div className="dlq-form-row dlq-form-row-even">
            <BoundField kind="time" field="from" label={`From (${zoneWord(zone)} unless written)`} value={form.fromTime} errors={fieldErrors} onChange={(fromTime) => update({ fromTime })} />
            <BoundField kind="time" field="to" label="Until (excluded)" value={form.toTime} errors={fieldErrors} onChange={(toTime) => update({ toTime })} />
          </div>
        )}

        <div className="dlq-form-row">
          <TargetField
            label={`Target ${stream ? "subject" : "topic"}`}
            placeholder={stream ? "subject to publish to" : "existing topic to copy to"}
            value={form.target}
            error={fieldErrors.target}
            testId="replay-target"
            onChange={(target) => update({ target })}
          />
          <RateField value={form.rate} error={fieldErrors.rate} testId="replay-rate" onChange={(rate) => update({ rate })} />
        </div>
      </div>

      <div
        className={`dlq-count ${matched === 0 ? "dlq-count-zero" : ""}`}
        data-testid="replay-dry-run-count"
        data-matched={matched ?? ""}
        aria-live="polite"
      >
        {dryRun.isPending ? (
          "Counting the messages in the range…"
        ) : matched !== undefined ? (
          <>
            {replayCountLead(matched)}
            {matched > 0 ? (
              <>
                {" "}
                <strong className="bidi-isolate">{revealControlChars(counted!.target)}</strong>.
              </>
            ) : null}
          </>
        ) : dryRunError ? (
          <span className="error-message">Could not count: {actionErrorText(dryRunError, "replay")}</span>
        ) : counted ? (
          "The request changed since it was counted: count again before replaying."
        ) : (
          "Choose the range and the target, then count the messages: the count comes before the replay."
        )}
      </div>

      {startError ? (
        <div className="form-error" role="alert" data-testid="replay-error">
          {actionErrorText(startError, "replay")}
        </div>
      ) : null}
      <p className="field-hint">
        Replay copies the messages (key, value, headers, plus an <span className="mono">x-eventscope-replay-id</span> header) and
        runs as a job at the chosen rate: it survives a restart of the console, never sends a message twice, and can be
        cancelled. The {stream ? "stream" : "topic"} itself is not changed.
      </p>
    </DlqModal>
  );
}

/** One end of the range: an offset/sequence (numeric) or a local date-time, with its error. */
function BoundField({
  kind,
  field,
  label,
  value,
  errors,
  onChange,
}: {
  kind: "offset" | "time";
  field: "from" | "to";
  label: string;
  value: string;
  errors: Partial<Record<ReplayField, string>>;
  onChange: (value: string) => void;
}) {
  const zone = useTimeZone();
  const inputProps = kind === "offset" ? { inputMode: "numeric" as const } : { type: "text", spellCheck: false, autoComplete: "off", placeholder: timePlaceholder(zone) };
  return (
    <label className="inline-field">
      <span>{label}</span>
      <Input
        data-testid={`replay-${field}`}
        {...inputProps}
        value={value}
        aria-invalid={Boolean(errors[field])}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldError field={field} errors={errors} />
    </label>
  );
}
