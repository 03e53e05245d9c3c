"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";

/**
 * A modal on the native <dialog> (focus trap and Escape for free), wider than ConfirmDialog and
 * with its own footer: the DLQ dialogs need a form and test ids on their buttons. Mounted open;
 * the parent unmounts it to close. Escape does nothing while `busy`.
 */
export function DlqModal({
  title,
  children,
  footer,
  busy = false,
  onClose,
  testId,
}: {
  title: ReactNode;
  children: ReactNode;
  footer: ReactNode;
  busy?: boolean;
  onClose: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog dlq-modal"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">{footer}</div>
    </dialog>
  );
}
