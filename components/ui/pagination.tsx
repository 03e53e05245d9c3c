"use client";
import { formatInteger } from "@/lib/client/format";
import { Button } from "./button";

/** Page navigation for a list held in the browser: "1–50 of 1,234", first/prev/next/last. */
export function Pagination({
  page,
  pageCount,
  first,
  last,
  total,
  onPage,
  noun = "items",
}: {
  page: number;
  pageCount: number;
  first: number;
  last: number;
  total: number;
  onPage: (page: number) => void;
  noun?: string;
}) {
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination-range">
        {total === 0 ? `0 ${noun}` : `${formatInteger(first)}–${formatInteger(last)} of ${formatInteger(total)} ${noun}`}
      </span>
      {pageCount > 1 ? (
        <span className="pagination-buttons">
          <Button size="sm" onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
            «
          </Button>
          <Button size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1}>
            ‹ Prev
          </Button>
          <span className="pagination-page">
            Page {formatInteger(page)} of {formatInteger(pageCount)}
          </span>
          <Button size="sm" onClick={() => onPage(page + 1)} disabled={page >= pageCount}>
            Next ›
          </Button>
          <Button size="sm" onClick={() => onPage(pageCount)} disabled={page >= pageCount} aria-label="Last page">
            »
          </Button>
        </span>
      ) : null}
    </nav>
  );
}

/** Page navigation for a server-side cursor list: only previous and next are known. */
export function CursorPagination({
  first,
  last,
  total,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  onFirst,
  noun = "items",
  busy = false,
}: {
  first: number;
  last: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onFirst?: () => void;
  noun?: string;
  busy?: boolean;
}) {
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination-range">
        {total === 0 || last === 0
          ? `0 ${noun}`
          : `${formatInteger(first)}–${formatInteger(last)} of ${formatInteger(total)} ${noun}`}
      </span>
      {hasPrevious || hasNext ? (
        <span className="pagination-buttons">
          {onFirst ? (
            <Button size="sm" onClick={onFirst} disabled={!hasPrevious || busy} aria-label="First page">
              «
            </Button>
          ) : null}
          <Button size="sm" onClick={onPrevious} disabled={!hasPrevious || busy}>
            ‹ Prev
          </Button>
          <Button size="sm" onClick={onNext} disabled={!hasNext || busy}>
            Next ›
          </Button>
        </span>
      ) : null}
    </nav>
  );
}
