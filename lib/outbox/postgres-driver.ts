import "server-only";
import { Pool, type PoolClient } from "pg";
import { keyKindOf, type KeyKind } from "@/lib/idempotency/postgres/sql-identifiers";
import { describeConnectionError } from "@/lib/idempotency/store-errors";
import { columnField, type ColumnRole, type OutboxLayout } from "./layout";
import { OutboxProblem, type OutboxDriver, type RunQuery } from "./driver";
import type { Query, ResolvedOutbox } from "./queries";
import { postgresDialect, qualifiedTable } from "./sql-dialect";

const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 10_000;
// SQLSTATEs that mean "the configuration is wrong" rather than "the server is down".
const MISCONFIGURED = new Set(["3D000", "28P01", "28000", "42P01", "42703", "42501"]);

export class PostgresOutboxDriver implements OutboxDriver {
  readonly dialect = postgresDialect;
  private readonly pool: Pool;

  constructor(
    private readonly sourceId: string,
    private readonly config: { url: string; table: string },
  ) {
    this.pool = new Pool({
      connectionString: config.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
      idleTimeoutMillis: 30_000,
      max: 3,
      application_name: "eventscope-outbox",
      // Every session is read-only unless a transaction says otherwise (only the action path does).
      options: "-c default_transaction_read_only=on",
    });
    // A connection dropped while idle must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.problem(error);
    }
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = true;
      await client.query("ROLLBACK").catch(() => undefined);
      throw this.problem(error);
    } finally {
      client.release(broken ? true : undefined);
    }
  }

  private problem(error: unknown): unknown {
    if (error instanceof OutboxProblem) return error;
    const code = (error as { code?: unknown } | null)?.code;
    const message = (error as Error | null)?.message ?? String(error);
    if (typeof code === "string" && MISCONFIGURED.has(code)) return new OutboxProblem("misconfigured", message);
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("08") && !code.startsWith("57")) return error;
    return new OutboxProblem("down", describeConnectionError(error));
  }

  async resolve(layout: OutboxLayout): Promise<ResolvedOutbox> {
    const [schema, table] = this.config.table.includes(".") ? this.config.table.split(".") : [undefined, this.config.table];
    return this.read(async (run) => {
      // Unquoted names fold to lower case in PostgreSQL; an exact match wins.
      const found = (
        await run({
          sql: `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS table
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname IN ($1::text, lower($1::text))
                   AND (($2::text IS NULL AND n.nspname = ANY (current_schemas(false))) OR n.nspname IN ($2::text, lower($2::text)))
                 ORDER BY (c.relname = $1::text) DESC, array_position(current_schemas(false), n.nspname::name)
                 LIMIT 1`,
          params: [table, schema ?? null],
        })
      )[0] as { oid: number; schema: string; table: string } | undefined;
      if (!found) {
        const db = (await run({ sql: "SELECT current_database() AS db", params: [] }))[0] as { db: string };
        throw new OutboxProblem("misconfigured", `table "${this.config.table}" does not exist in database "${db.db}"${schema ? "" : " (search path)"}`);
      }
      const columns = (await run({
        sql: `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
               WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        params: [found.oid],
      })) as { name: string; type: string; category: string }[];
      const resolved = { ...layout.columns };
      const kinds: Partial<Record<ColumnRole, KeyKind>> = {};
      for (const [role, wanted] of Object.entries(layout.columns) as [ColumnRole, string | null][]) {
        if (wanted === null) continue;
        const match = columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name === wanted.toLowerCase());
        if (!match) {
          throw new OutboxProblem(
            "misconfigured",
            `table "${found.schema}.${found.table}" has no column "${wanted}" (${columnField(role)}${role === "id" ? "" : "; set it to null if the table has none"}); its columns are ${columns.map((c) => c.name).join(", ") || "none"}`,
          );
        }
        (resolved as Record<ColumnRole, string | null>)[role] = match.name;
        kinds[role] = keyKindOf(match.type, match.category);
      }
      return { table: qualifiedTable(this.dialect, { schema: found.schema, table: found.table }), columns: resolved, layout, kinds };
    });
  }

  async estimateRows(source: ResolvedOutbox): Promise<number> {
    return this.read(async (run) => {
      const rows = await run({ sql: "SELECT greatest(reltuples, 0)::bigint::text AS n FROM pg_class WHERE oid = $1::regclass", params: [source.table] });
      return Number((rows[0] as { n?: string } | undefined)?.n ?? 0);
    });
  }

  read<T>(work: (run: RunQuery) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      // One snapshot for every figure of a sample, and no way to write.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const result = await work(async (query: Query) => (await client.query(query.sql, query.params)).rows);
      await client.query("COMMIT");
      return result;
    });
  }

  write(query: Query): Promise<number> {
    return this.withClient(async (client) => {
      await client.query("BEGIN READ WRITE");
      const result = await client.query(query.sql, query.params);
      await client.query("COMMIT");
      return result.rowCount ?? 0;
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
