"use client";
import "./dlq.css";
import { capabilitiesFor, vocabularyFor } from "@/lib/client/cluster-labels";
import { useEffect } from "react";
import type { ClusterKind } from "@/lib/contract/common";
import type { DiscardResponse, DlqTargetSelector } from "@/lib/contract/dlq";
import { useDiscard, useDiscardDryRun } from "@/lib/client/dlq-queries";
import { formatInteger } from "@/lib/client/format";
import { Button } from "@/components/ui/button";
import { DlqModal } from "./dlq-modal";
import { actionErrorText } from "./requeue-dialog";

export interface DiscardRequest {
  selector: DlqTargetSelector;
  scopeLabel: string;
  /** Known count (the selection); null: counted by a dry run first. */
  count: number | null;
}

/**
 * Discard (mark resolved; on JetStream also delete from the stream) after a confirmation that
 * states how many messages it touches. For "everything matching", the count comes from the
 * discard's own dry run (the same scan, changing nothing).
 */
export function DiscardDialog({
  clusterId,
  topic,
  clusterKind,
  request,
  onClose,
  onDiscarded,
}: {
  clusterId: string;
  topic: string;
  clusterKind: ClusterKind | undefined;
  request: DiscardRequest;
  onClose: () => void;
  onDiscarded: (result: DiscardResponse) => void;
}) {
  // Where the broker deletes single messages (JetStream), a discard removes them from the DLQ.
  const deletes = capabilitiesFor(clusterKind).deletesSingleMessages;
  const discard = useDiscard(clusterId, topic);
  const counter = useDiscardDryRun(clusterId, topic);
  const needsCount = request.count === null;

  useEffect(() => {
    if (needsCount) counter.mutate(request.selector);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on open
  }, []);

  const count = request.count ?? counter.data?.matched;
  const busy = discard.isPending;
  const plural = count === 1 ? "" : "s";

  return (
    <DlqModal
      title={`Discard ${request.scopeLabel}`}
      busy={busy}
      onClose={onClose}
      testId="discard-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="danger"
            data-testid="discard-confirm"
            disabled={busy || count === undefined || count === 0}
            onClick={() => discard.mutate(request.selector, { onSuccess: onDiscarded })}
          >
            {busy ? "Discarding…" : count ? `Discard ${formatInteger(count)} message${plural}` : "Discard"}
          </Button>
        </>
      }
    >
      <div className={`dlq-count ${count === 0 ? "dlq-count-zero" : ""}`} data-testid="discard-count" data-count={count ?? ""} aria-live="polite">
        {count === undefined ? (
          counter.isError ? (
            <span className="error-message">Could not count: {actionErrorText(counter.error, "discard")}</span>
          ) : (
            "Counting the pending messages that would be discarded…"
          )
        ) : count === 0 ? (
          "No pending message matches: nothing would be discarded."
        ) : (
          <>
            <strong>
              {formatInteger(count)} pending message{plural}
            </strong>{" "}
            will be marked discarded
            {deletes ? ` and deleted from the ${vocabularyFor(clusterKind).topic}` : ""}. They will not be sent anywhere
            {deletes ? ", and this cannot be undone." : "."}
          </>
        )}
      </div>
      {discard.isError ? (
        <div className="form-error" role="alert" data-testid="discard-error">
          {actionErrorText(discard.error, "discard")}
        </div>
      ) : null}
    </DlqModal>
  );
}
