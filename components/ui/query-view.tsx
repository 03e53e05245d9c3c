"use client";
import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { errorMessage } from "@/lib/client/api-client";
import { isNotFoundError } from "@/lib/client/query-config";
import { useHydrated } from "@/lib/client/use-hydrated";
import { EmptyState } from "./empty-state";
import { ErrorState } from "./error-state";
import { LoadingState } from "./loading-state";

/**
 * The three states every data view has, in one place: loading, error (the API's message, and the
 * poll keeps going so a recovered broker shows up by itself; a 404 is a final "Not found"), empty,
 * and the data. When a refetch
 * fails after data was shown, the error is shown above the last data instead of replacing it.
 */
export function QueryView<T>({
  query,
  loadingLabel,
  isEmpty,
  empty,
  pollMs,
  notFound,
  children,
}: {
  query: Pick<UseQueryResult<T>, "data" | "error" | "isPending" | "isError" | "refetch">;
  loadingLabel?: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** The query's poll interval, to tell the operator it keeps retrying. */
  pollMs?: number;
  /** Shown under "Not found" when the API answers 404 (no retry: the poll stops, see pollUnlessNotFound). */
  notFound?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const hydrated = useHydrated();
  const retry = () => void query.refetch();
  if (!hydrated) return <LoadingState label={loadingLabel} />;
  if (query.data === undefined) {
    if (query.isError && isNotFoundError(query.error)) {
      return (
        <div data-testid="not-found-state">
          <EmptyState title="Not found">
            {errorMessage(query.error)}
            {notFound ? <div className="state-links">{notFound}</div> : null}
          </EmptyState>
        </div>
      );
    }
    if (query.isError) return <ErrorState error={query.error} onRetry={retry} retryingEveryMs={pollMs} />;
    return <LoadingState label={loadingLabel} />;
  }
  const data = query.data;
  return (
    <>
      {query.isError ? <ErrorState error={query.error} onRetry={retry} retryingEveryMs={pollMs} compact /> : null}
      {isEmpty?.(data) && empty ? empty : children(data)}
    </>
  );
}
