"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { EmptyState } from "./empty-state";

/** An empty filtered list: what was asked ("No jobs match “abc”") and a way back to everything. */
export function NoMatch({ title, onClear, children }: { title: string; onClear: () => void; children?: ReactNode }) {
  return (
    <EmptyState
      title={title}
      action={
        <Button size="sm" onClick={onClear} data-testid="clear-filters">
          Clear filters
        </Button>
      }
    >
      {children}
    </EmptyState>
  );
}
