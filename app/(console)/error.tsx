"use client";
import { useEffect } from "react";

/** A crash inside one console page keeps the sidebar usable. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  return (
    <div className="state state-error" role="alert">
      <div className="state-title">This page failed to render</div>
      <div className="state-body error-message">{error instanceof Error ? error.message : String(error)}</div>
      <div className="state-meta">
        {digest ? <code>digest {digest}</code> : null}
        <button type="button" className="btn btn-primary btn-sm" onClick={() => retry()}>
          Try again
        </button>
      </div>
    </div>
  );
}
