"use client";
import "./idempotency.css";
import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/lib/client/api-client";
import { idempotencyHref } from "@/lib/client/idempotency-format";
import { useDeleteIdempotencyRecord, useIdempotencyRecord } from "@/lib/client/idempotency-queries";
import { revealControlChars } from "@/lib/client/message-value";
import { usePermission } from "@/components/auth/current-user";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, confirmMutationProps } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingState } from "@/components/ui/loading-state";
import { RecordValue } from "./record-value";
import { TtlCountdown } from "./ttl-countdown";
import { Time } from "@/components/ui/time";

/**
 * One record in full (value up to 64 KiB, pretty if JSON), its TTL counting down, and for operators
 * a delete button behind a confirmation: deleting lets the event be processed again.
 */
export function RecordDetail({ storeId, recordKey, live, onDeleted }: { storeId: string; recordKey: string; live: boolean; onDeleted: () => void }) {
  const record = useIdempotencyRecord(storeId, recordKey, { live });
  const remove = useDeleteIdempotencyRecord(storeId);
  const permission = usePermission("operator");
  const [confirming, setConfirming] = useState(false);

  if (record.isPending) return <LoadingState label="Reading the record…" />;
  if (record.isError && !record.data) {
    const gone = record.error instanceof ApiError && record.error.status === 404;
    return gone ? (
      <div className="idem-note">This record is gone: it expired or was deleted.</div>
    ) : (
      <ErrorState error={record.error} onRetry={() => void record.refetch()} compact />
    );
  }
  const data = record.data!;
  return (
    <div className="idem-detail" onClick={(event) => event.stopPropagation()} data-testid="record-detail">
      <dl className="meta-list">
        <div>
          <dt>Key</dt>
          <dd className="mono break-all bidi-isolate">{revealControlChars(data.key)}</dd>
        </div>
        {data.eventId ? (
          <div>
            <dt>Event id</dt>
            <dd className="mono break-all">{revealControlChars(data.eventId)}</dd>
          </div>
        ) : null}
        <div>
          <dt>TTL</dt>
          <dd data-testid="record-ttl">
            <TtlCountdown ttlSeconds={data.ttlSeconds} fetchedAt={record.dataUpdatedAt} />
          </dd>
        </div>
        <div>
          <dt>Processed at</dt>
          <dd>{data.processedAt ? <Time value={data.processedAt} milliseconds /> : <span className="muted">not recorded</span>}</dd>
        </div>
        <div>
          <dt>Consumer</dt>
          <dd>{data.consumer ? revealControlChars(data.consumer) : <span className="muted">not recorded</span>}</dd>
        </div>
      </dl>
      <RecordValue record={data} />
      <div className="idem-detail-actions">
        {data.eventId ? <Link href={idempotencyHref.trace(data.eventId)}>Trace this event</Link> : null}
        <span className="toolbar-spacer" />
        {permission.allowed ? (
          <Button variant="danger" size="sm" onClick={() => setConfirming(true)} data-testid="delete-record">
            Delete record…
          </Button>
        ) : (
          <span className="idem-note">Deleting is not available: {permission.reason}.</span>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete this idempotency record?"
        destructive
        confirmLabel="Delete record"
        {...confirmMutationProps(remove, () => setConfirming(false))}
        onConfirm={() =>
          remove.mutate(data.key, {
            onSuccess: () => {
              setConfirming(false);
              onDeleted();
            },
          })
        }
      >
        <p>
          <code className="break-all">{revealControlChars(data.key)}</code> in <strong>{storeId}</strong> will be deleted.
        </p>
        <p>
          The consumer will then process this event again when it next sees it (a redelivery, a replay or a requeue from a
          DLQ) instead of skipping it as a duplicate. The deletion is recorded in the audit log.
        </p>
      </ConfirmDialog>
    </div>
  );
}
