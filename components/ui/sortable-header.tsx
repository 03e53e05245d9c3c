"use client";
import type { ReactNode } from "react";

export type SortDirection = "asc" | "desc";

/** The value of a header cell's aria-sort: set on the sorted column only. */
export function ariaSortOf(active: boolean, direction: SortDirection | undefined): "ascending" | "descending" | undefined {
  if (!active || !direction) return undefined;
  return direction === "asc" ? "ascending" : "descending";
}

/**
 * The button inside a sortable column header (the <th> carries aria-sort). A real button: Tab
 * reaches it, Enter and Space sort. One for every table of the console.
 */
export function SortableHeader({
  children,
  active,
  direction,
  onSort,
}: {
  children: ReactNode;
  active: boolean;
  direction?: SortDirection;
  onSort: () => void;
}) {
  return (
    <button type="button" className={`th-sort ${active ? "th-sort-active" : ""}`} onClick={onSort}>
      {children}
      <span className="th-sort-arrow" aria-hidden="true">
        {active ? (direction === "asc" ? "▲" : "▼") : "↕"}
      </span>
    </button>
  );
}
