"use client";
import Link from "next/link";
import { useEffect } from "react";

/** Last-resort boundary for a page that crashed while rendering (the API's own errors are shown in place). */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  return (
    <main className="standalone">
      <div className="state state-error" role="alert">
        <div className="state-title">This page failed to render</div>
        <div className="state-body error-message">{error instanceof Error ? error.message : String(error)}</div>
        <div className="state-meta">
          {digest ? <code>digest {digest}</code> : null}
          <button type="button" className="btn btn-primary btn-sm" onClick={() => retry()}>
            Try again
          </button>
          <Link href="/" className="btn btn-sm">
            Overview
          </Link>
        </div>
      </div>
    </main>
  );
}
