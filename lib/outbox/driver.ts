import "server-only";
import type { OutboxLayout } from "./layout";
import type { Query, ResolvedOutbox } from "./queries";
import type { Dialect } from "./sql-dialect";

export type Row = Record<string, unknown>;
export type RunQuery = (query: Query) => Promise<Row[]>;

/**
 * One database connection pool for an outbox source. Reads run in a read-only transaction (one
 * snapshot for all figures of a sample); writes exist only for actions the source allows.
 */
export interface OutboxDriver {
  readonly dialect: Dialect;
  /** Finds the table and every configured column in the catalog; throws OutboxProblem naming what is missing. */
  resolve(layout: OutboxLayout): Promise<ResolvedOutbox>;
  /** The planner's row estimate for the table (cheap; may be stale). */
  estimateRows(source: ResolvedOutbox): Promise<number>;
  read<T>(work: (run: RunQuery) => Promise<T>): Promise<T>;
  /** Runs one statement in a read-write transaction; the number of rows changed. */
  write(query: Query): Promise<number>;
  close(): Promise<void>;
}

/** down: the database cannot be reached; misconfigured: it answers, but the table or a column is wrong. */
export class OutboxProblem extends Error {
  constructor(
    readonly kind: "down" | "misconfigured",
    message: string,
  ) {
    super(message);
    this.name = "OutboxProblem";
  }
}

/** Removes the password from a database URL for display. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}
