"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { errorMessage } from "@/lib/client/api-client";
import { Button } from "./button";

/**
 * A modal confirmation built on the native <dialog> (focus trapping and Escape come for free).
 * Stays open while `busy`, and shows `error` inside so a failed action is not lost.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = false,
  busy = false,
  error,
  onConfirm,
  onCancel,
  confirmTestId,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  destructive?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** data-testid of the confirm button, for browser tests. */
  confirmTestId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="confirm-dialog-title" className="dialog-title">
        {title}
      </h2>
      {children ? <div className="dialog-body">{children}</div> : null}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <Button onClick={onCancel} disabled={busy}>
          {cancelLabel}
        </Button>
        <Button variant={destructive ? "danger" : "primary"} onClick={onConfirm} disabled={busy} autoFocus data-testid={confirmTestId}>
          {busy ? "Working…" : confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}

/** The mutation a confirm dialog runs, as far as the dialog needs it (a TanStack Query mutation fits). */
interface ConfirmedMutation {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * busy, error and onCancel for a ConfirmDialog that runs `mutation`: cancelling clears the last
 * failure so the dialog opens clean next time, then calls `close`.
 */
export function confirmMutationProps(mutation: ConfirmedMutation, close: () => void) {
  return {
    busy: mutation.isPending,
    error: mutation.isError ? errorMessage(mutation.error) : null,
    onCancel: () => {
      mutation.reset();
      close();
    },
  };
}
