"use client";
import type { ReactNode } from "react";
import { formatInteger } from "@/lib/client/format";
import { Button } from "./button";

interface Pager {
  pageNumber: number | null;
  hasPrevious: boolean;
  first: () => void;
  previous: () => void;
}

/** First / Prev / Next for a server's cursor list whose cursor is in the URL (lib/client/use-cursor-history.ts). */
export function CursorPager({ pager, hasNext, onNext, busy = false, summary }: { pager: Pager; hasNext: boolean; onNext: () => void; busy?: boolean; summary?: ReactNode }) {
  return (
    <nav className="pagination" aria-label="Pagination">
      <span className="pagination-range">
        {pager.pageNumber === null ? "A later page" : `Page ${formatInteger(pager.pageNumber)}`}
        {summary ? <> · {summary}</> : null}
      </span>
      <span className="pagination-buttons">
        <Button size="sm" disabled={!pager.hasPrevious || busy} onClick={pager.first} aria-label="First page">
          «
        </Button>
        <Button size="sm" disabled={!pager.hasPrevious || busy} onClick={pager.previous}>
          ‹ Prev
        </Button>
        <Button size="sm" disabled={!hasNext || busy} onClick={onNext}>
          Next ›
        </Button>
      </span>
    </nav>
  );
}
