"use client";
import { ApiError, errorMessage } from "@/lib/client/api-client";
import { Button } from "./button";

function titleFor(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong";
  if (error.status === 0) return "Server unreachable";
  if (error.code === "broker-unavailable") return "Broker unavailable";
  if (error.status === 404) return "Not found";
  if (error.status === 401) return "Not signed in";
  if (error.status === 403) return "Not allowed";
  if (error.isValidation) return "Invalid request";
  return `Request failed (HTTP ${error.status})`;
}

/**
 * The API's own error message, in full. With `retryingEveryMs`, says the page keeps polling, so an
 * operator knows a down broker will show up again without a reload.
 */
export function ErrorState({
  error,
  title,
  onRetry,
  retryingEveryMs,
  compact = false,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retryingEveryMs?: number;
  compact?: boolean;
}) {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className={`state state-error ${compact ? "state-compact" : ""}`} role="alert">
      <div className="state-title">{title ?? titleFor(error)}</div>
      <div className="state-body error-message">{errorMessage(error)}</div>
      <div className="state-meta">
        {code ? <code>{code}</code> : null}
        {retryingEveryMs ? <span>Retrying every {Math.round(retryingEveryMs / 1000)} s.</span> : null}
        {compact && retryingEveryMs ? <span>Showing the last data received.</span> : null}
        {onRetry ? (
          <Button size="sm" onClick={onRetry}>
            Retry now
          </Button>
        ) : null}
      </div>
    </div>
  );
}
