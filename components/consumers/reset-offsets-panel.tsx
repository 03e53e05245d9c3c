"use client";
import { useMemo, useState } from "react";
import { useMe } from "@/lib/client/access-queries";
import { errorMessage } from "@/lib/client/api-client";
import type { ConsumerPartition } from "@/lib/contract/consumers";
import { formatInteger } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { permissionFor } from "@/lib/client/permissions";
import {
  RESET_MODES,
  buildResetBody,
  initialResetForm,
  partitionKey,
  sameReset,
  type ResetFormState,
  type ResetMode,
} from "@/lib/client/reset-form";
import { useResetOffsets } from "@/lib/client/reset-queries";
import type { PlannedPartition, ResetResponse } from "@/lib/consumers/reset-plan";
import type { ResetBody } from "@/lib/consumers/reset-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Checkbox, Field, Input, Select } from "@/components/ui/input";
import { Section } from "@/components/ui/section";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { timePlaceholder, zoneWord } from "@/lib/client/time-input";

// Offset reset of one consumer group (Kafka) or durable consumer (JetStream): choose a target,
// preview every partition's move and resulting lag (a dry run: nothing changes), then apply behind a
// confirmation. Apply is offered only for the exact request that was previewed.

function PartitionNote({ row }: { row: PlannedPartition }) {
  return (
    <span className="badges">
      {row.clamped ? (
        <Badge tone="warn" title={`Asked for ${formatInteger(row.requested)}; the log holds ${formatInteger(row.low)}–${formatInteger(row.high)}`}>
          clamped to {row.clamped === "low" ? "earliest" : "latest"}
        </Badge>
      ) : null}
      {row.noMessageAtOrAfter ? <Badge tone="info">no message at or after that time</Badge> : null}
      {row.resultingLagIsEstimate ? <Badge tone="info" title="Subject filter or deleted messages: at most this lag">at most</Badge> : null}
    </span>
  );
}

function PreviewTable({ preview, isStream }: { preview: ResetResponse; isStream: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table table-dense" aria-label="Reset preview">
        <thead>
          <tr>
            <th scope="col">{isStream ? "Stream" : "Topic"}</th>
            {isStream ? null : (
              <th scope="col" className="align-right">
                Partition
              </th>
            )}
            <th scope="col" className="align-right" title={isStream ? "First sequence not yet acknowledged" : "Committed offset now"}>
              From
            </th>
            <th scope="col" className="align-right">
              To
            </th>
            <th scope="col" className="align-right">
              Lag now
            </th>
            <th scope="col" className="align-right">
              Lag after
            </th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {preview.partitions.map((row) => (
            <tr key={partitionKey(row.topic, row.partition)} data-testid="reset-preview-row">
              <td className="cell-name">
                <span className="bidi-isolate break-all">{revealControlChars(row.topic)}</span>
              </td>
              {isStream ? null : <td className="align-right">{row.partition}</td>}
              <td className="align-right mono">{row.from === null ? <span className="muted">none</span> : formatInteger(row.from)}</td>
              <td className="align-right mono">{formatInteger(row.to)}</td>
              <td className="align-right">{formatInteger(row.lag)}</td>
              <td className="align-right">{formatInteger(row.resultingLag)}</td>
              <td>
                <PartitionNote row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OffsetInputs({
  partitions,
  topics,
  values,
  onChange,
  isStream,
}: {
  partitions: ConsumerPartition[];
  topics: string[];
  values: Record<string, string>;
  onChange: (key: string, value: string) => void;
  isStream: boolean;
}) {
  const rows = partitions.filter((p) => topics.includes(p.topic));
  return (
    <div className="table-wrap">
      <table className="table table-dense" aria-label="Offsets to reset to">
        <thead>
          <tr>
            <th scope="col">{isStream ? "Stream" : "Topic"}</th>
            {isStream ? null : (
              <th scope="col" className="align-right">
                Partition
              </th>
            )}
            <th scope="col" className="align-right">
              Committed
            </th>
            <th scope="col" className="align-right">
              High
            </th>
            <th scope="col">{isStream ? "New start sequence" : "New offset"} (empty: leave as is)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = partitionKey(row.topic, row.partition);
            return (
              <tr key={key}>
                <td className="cell-name">
                  <span className="bidi-isolate break-all">{revealControlChars(row.topic)}</span>
                </td>
                {isStream ? null : <td className="align-right">{row.partition}</td>}
                <td className="align-right mono">{row.committed === null ? <span className="muted">none</span> : row.committed}</td>
                <td className="align-right mono">{row.high}</td>
                <td>
                  <Input
                    className="input-narrow"
                    inputMode="numeric"
                    aria-label={`New offset for ${row.topic} partition ${row.partition}`}
                    value={values[key] ?? ""}
                    onChange={(event) => onChange(key, event.target.value)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ResetOffsetsPanel({
  clusterId,
  group,
  isStream,
  members,
  partitions,
}: {
  clusterId: string;
  group: string;
  isStream: boolean;
  /** Active members now (from the polled consumer detail), to warn before a preview. */
  members: number;
  partitions: ConsumerPartition[];
}) {
  const [form, setForm] = useState<ResetFormState>(initialResetForm);
  const zone = useTimeZone();
  const [previewed, setPreviewed] = useState<{ body: ResetBody; result: ResetResponse } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<ResetResponse | null>(null);
  const [attempted, setAttempted] = useState(false);
  const previewCall = useResetOffsets(clusterId, group);
  const applyCall = useResetOffsets(clusterId, group);
  const permission = permissionFor(useMe().data, "operator", clusterId);

  const allTopics = useMemo(() => [...new Set(partitions.map((p) => p.topic))].sort((a, b) => a.localeCompare(b)), [partitions]);
  const chosenTopics = form.topics ?? allTopics;
  const built = buildResetBody(form, allTopics, partitions, zone);
  const current = built.ok ? built.body : undefined;
  const fresh = previewed !== null && sameReset(previewed.body, current);
  const preview = fresh ? previewed.result : null;

  const update = (change: Partial<ResetFormState>) => {
    setForm((before) => ({ ...before, ...change }));
    setDone(null);
  };
  const runPreview = (body: ResetBody | undefined) => {
    if (!body) return;
    previewCall.mutate({ ...body, dryRun: true }, { onSuccess: (result) => setPreviewed({ body, result }) });
  };
  const apply = () => {
    if (!previewed || !fresh) return;
    applyCall.mutate(
      { ...previewed.body, dryRun: false },
      {
        onSuccess: (result) => {
          setConfirming(false);
          setPreviewed(null);
          setDone(result);
        },
      },
    );
  };

  // Form problems show once Preview was pressed, not while typing.
  const fieldError = (field: string) => (attempted && !built.ok && built.field === field ? built.message : null);
  const applyBlockedReason = !permission.allowed
    ? permission.reason
    : !preview
      ? "Preview first: Apply acts on exactly what the preview shows"
      : preview.blocked
        ? preview.blocked.message
        : undefined;

  return (
    <Section title="Reset offsets">
      <p className="muted">
        {isStream
          ? "Move where this consumer starts delivering from. Preview shows the new start and the lag it leaves; nothing changes until you apply."
          : "Move the group's committed offsets. Preview shows every partition's new offset and the lag it leaves; nothing changes until you apply. Kafka accepts this only while the group has no active members."}
      </p>
      {!isStream && members > 0 ? (
        <div className="form-error" role="status">
          This group has {formatInteger(members)} active {members === 1 ? "member" : "members"}: a reset will be refused until the consumers are stopped. You
          can still preview.
        </div>
      ) : null}

      <div className="form-grid">
        <Field label="Reset to">
          {(props) => (
            <Select {...props} data-testid="reset-mode" value={form.mode} onChange={(event) => update({ mode: event.target.value as ResetMode })}>
              {RESET_MODES.map((mode) => (
                <option key={mode.value} value={mode.value}>
                  {mode.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {form.mode === "timestamp" ? (
          <Field label={`Time (${zoneWord(zone)} unless written)`} hint="The first message at or after this time" error={fieldError("time")}>
            {(props) => <Input {...props} type="text" inputMode="text" spellCheck={false} autoComplete="off" placeholder={timePlaceholder(zone)} value={form.time} onChange={(event) => update({ time: event.target.value })} />}
          </Field>
        ) : null}
        {form.mode === "shift" ? (
          <Field label="Shift by (messages)" hint="Negative goes back (re-read), positive skips ahead" error={fieldError("shiftBy")}>
            {(props) => (
              <Input {...props} inputMode="numeric" placeholder="-100" value={form.shiftBy} onChange={(event) => update({ shiftBy: event.target.value })} />
            )}
          </Field>
        ) : null}
      </div>

      {!isStream && allTopics.length > 1 ? (
        <fieldset className="field">
          <legend className="field-label">Topics</legend>
          <div className="toolbar">
            {allTopics.map((topic) => (
              <Checkbox
                key={topic}
                checked={chosenTopics.includes(topic)}
                onChange={(checked) => {
                  const next = checked ? [...chosenTopics, topic] : chosenTopics.filter((t) => t !== topic);
                  update({ topics: next.length === allTopics.length ? null : next });
                }}
              >
                <span className="mono bidi-isolate">{revealControlChars(topic)}</span>
              </Checkbox>
            ))}
          </div>
          {fieldError("topics") ? <div className="field-error">{fieldError("topics")}</div> : null}
        </fieldset>
      ) : null}

      {form.mode === "offsets" ? (
        <>
          <OffsetInputs
            partitions={partitions}
            topics={chosenTopics}
            values={form.offsets}
            isStream={isStream}
            onChange={(key, value) => update({ offsets: { ...form.offsets, [key]: value } })}
          />
          {fieldError("offsets") ? <div className="form-error">{fieldError("offsets")}</div> : null}
        </>
      ) : null}

      {isStream && previewed?.result.method === "recreate" ? (
        <div className="field">
          <Checkbox
            checked={form.recreate}
            onChange={(checked) => {
              update({ recreate: checked });
              const next = buildResetBody({ ...form, recreate: checked }, allTopics, partitions, zone);
              if (next.ok) runPreview(next.body);
            }}
          >
            Delete and recreate the durable consumer at the new start (its redelivery counts and unacknowledged messages are forgotten)
          </Checkbox>
        </div>
      ) : null}

      <div className="form-actions">
        <Button
          data-testid="reset-preview"
          disabled={!permission.allowed || previewCall.isPending}
          title={permission.allowed ? undefined : permission.reason}
          onClick={() => {
            setAttempted(true);
            if (built.ok) runPreview(built.body);
            else previewCall.reset();
          }}
        >
          {previewCall.isPending ? "Previewing…" : "Preview"}
        </Button>
        <Button
          variant="danger"
          data-testid="reset-apply"
          disabled={applyBlockedReason !== undefined}
          title={applyBlockedReason}
          onClick={() => {
            applyCall.reset();
            setConfirming(true);
          }}
        >
          Apply…
        </Button>
      </div>

      {previewCall.isError ? (
        <div className="form-error" role="alert">
          {errorMessage(previewCall.error)}
        </div>
      ) : null}
      {done ? (
        <div className="notice" role="status">
          Reset applied{done.method === "recreate" ? " (durable consumer recreated)" : ""}: {formatInteger(done.partitions.length)}{" "}
          {done.partitions.length === 1 ? (isStream ? "stream" : "partition") : "partitions"} moved; lag now {formatInteger(done.resultingLag)}.
        </div>
      ) : null}
      {previewed && !fresh && !done ? <p className="muted">The form changed since the preview: preview again before applying.</p> : null}

      {preview ? (
        <>
          {preview.blocked ? (
            <div className="form-error" role="alert" data-testid="reset-refusal">
              {preview.blocked.message}
            </div>
          ) : null}
          <p>
            Total lag {formatInteger(preview.lag)} → <strong>{formatInteger(preview.resultingLag)}</strong> after the reset
            {preview.members > 0 ? ` · ${formatInteger(preview.members)} active` : ""}
          </p>
          {preview.notes.length > 0 ? (
            <ul className="plain-list muted">
              {preview.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
          <PreviewTable preview={preview} isStream={isStream} />
        </>
      ) : null}

      <ConfirmDialog
        open={confirming}
        title={`Reset ${isStream ? "consumer" : "group"} "${group}"?`}
        confirmLabel={preview?.method === "recreate" ? "Recreate and reset" : "Reset offsets"}
        destructive
        busy={applyCall.isPending}
        error={applyCall.isError ? errorMessage(applyCall.error) : null}
        confirmTestId="reset-confirm"
        onConfirm={apply}
        onCancel={() => setConfirming(false)}
      >
        {preview ? (
          <p>
            {formatInteger(preview.partitions.length)} {preview.partitions.length === 1 ? (isStream ? "stream" : "partition") : "partitions"} will move;
            total lag goes from {formatInteger(preview.lag)} to {formatInteger(preview.resultingLag)}.
            {preview.method === "recreate" ? " The durable consumer is deleted and created again at the new start." : ""}
          </p>
        ) : null}
      </ConfirmDialog>
    </Section>
  );
}
