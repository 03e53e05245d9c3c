import "server-only";
import mysql from "mysql2/promise";
import type { KeyKind } from "@/lib/idempotency/postgres/sql-identifiers";
import { describeConnectionError } from "@/lib/idempotency/store-errors";
import { columnField, type ColumnRole, type OutboxLayout } from "./layout";
import { OutboxProblem, type OutboxDriver, type Row, type RunQuery } from "./driver";
import type { Query, ResolvedOutbox } from "./queries";
import { mysqlDialect, qualifiedTable } from "./sql-dialect";

const CONNECT_TIMEOUT_MS = 3_000;
const QUERY_TIMEOUT_MS = 10_000;
// Server error numbers that mean "the configuration is wrong": no such table / column / database, access denied.
const MISCONFIGURED = new Set([1146, 1054, 1049, 1045, 1044, 1142, 1143]);

const INTEGER_TYPES = new Set(["tinyint", "smallint", "mediumint", "int", "integer", "bigint"]);
const TEXT_TYPES = new Set(["char", "varchar", "tinytext", "text", "mediumtext", "longtext"]);

/** MySQL and MariaDB (mysql2 speaks both protocols' common subset). */
export class MysqlOutboxDriver implements OutboxDriver {
  readonly dialect = mysqlDialect;
  private readonly pool: mysql.Pool;

  constructor(
    private readonly sourceId: string,
    private readonly config: { url: string; table: string },
  ) {
    this.pool = mysql.createPool({
      uri: config.url.replace(/^mariadb:/i, "mysql:"),
      connectTimeout: CONNECT_TIMEOUT_MS,
      connectionLimit: 3,
      maxIdle: 1,
      idleTimeout: 30_000,
      // DATETIME values as written (no time-zone shift); ages are computed by the server.
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
    // Every session is read-only unless a transaction says otherwise (only the action path does).
    (this.pool as unknown as { pool: { on(event: string, listener: (connection: { query(sql: string): void }) => void): void } }).pool.on(
      "connection",
      (connection) => connection.query("SET SESSION TRANSACTION READ ONLY"),
    );
  }

  private async withConnection<T>(work: (connection: mysql.PoolConnection) => Promise<T>): Promise<T> {
    let connection: mysql.PoolConnection;
    try {
      connection = await this.pool.getConnection();
    } catch (error) {
      throw this.problem(error);
    }
    let broken = false;
    try {
      return await work(connection);
    } catch (error) {
      broken = true;
      await connection.query("ROLLBACK").catch(() => undefined);
      throw this.problem(error);
    } finally {
      if (broken) connection.destroy();
      else connection.release();
    }
  }

  private problem(error: unknown): unknown {
    if (error instanceof OutboxProblem) return error;
    const errno = (error as { errno?: unknown } | null)?.errno;
    const sqlState = (error as { sqlState?: unknown } | null)?.sqlState;
    const message = (error as Error | null)?.message ?? String(error);
    if (typeof errno === "number" && MISCONFIGURED.has(errno)) return new OutboxProblem("misconfigured", message);
    // Any other SQL error is ours: let it reach the generic handler.
    if (typeof sqlState === "string" && sqlState !== "" && !sqlState.startsWith("08")) return error;
    return new OutboxProblem("down", describeConnectionError(error));
  }

  private async runOn(connection: mysql.PoolConnection, query: Query): Promise<Row[]> {
    const [rows] = await connection.query({ sql: query.sql, timeout: QUERY_TIMEOUT_MS }, query.params);
    return rows as Row[];
  }

  async resolve(layout: OutboxLayout): Promise<ResolvedOutbox> {
    const [schema, table] = this.config.table.includes(".") ? this.config.table.split(".") : [undefined, this.config.table];
    return this.read(async (run) => {
      const found = (
        await run({
          sql: `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES
                 WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? LIMIT 1`,
          params: [schema ?? null, table],
        })
      )[0] as { db: string; name: string } | undefined;
      if (!found) {
        const db = (await run({ sql: "SELECT DATABASE() AS db", params: [] }))[0] as { db: string | null };
        throw new OutboxProblem("misconfigured", `table "${this.config.table}" does not exist in database "${schema ?? db.db ?? "(none)"}"`);
      }
      const columns = (await run({
        sql: `SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS
               WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        params: [found.db, found.name],
      })) as { name: string; type: string }[];
      const resolved = { ...layout.columns };
      const kinds: Partial<Record<ColumnRole, KeyKind>> = {};
      for (const [role, wanted] of Object.entries(layout.columns) as [ColumnRole, string | null][]) {
        if (wanted === null) continue;
        // Column names are case-insensitive in MySQL.
        const match = columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
        if (!match) {
          throw new OutboxProblem(
            "misconfigured",
            `table "${found.db}.${found.name}" has no column "${wanted}" (${columnField(role)}${role === "id" ? "" : "; set it to null if the table has none"}); its columns are ${columns.map((c) => c.name).join(", ") || "none"}`,
          );
        }
        (resolved as Record<ColumnRole, string | null>)[role] = match.name;
        const type = match.type.toLowerCase();
        kinds[role] = INTEGER_TYPES.has(type) ? "integer" : TEXT_TYPES.has(type) ? "text" : "other";
      }
      return { table: qualifiedTable(this.dialect, { schema: found.db, table: found.name }), columns: resolved, layout, kinds };
    });
  }

  async estimateRows(source: ResolvedOutbox): Promise<number> {
    const [schema, table] = source.table.split(".").map((part) => part.slice(1, -1));
    return this.read(async (run) => {
      const rows = await run({ sql: "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", params: [schema, table] });
      return Number((rows[0] as { n?: unknown } | undefined)?.n ?? 0);
    });
  }

  read<T>(work: (run: RunQuery) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection) => {
      await connection.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
      const result = await work((query) => this.runOn(connection, query));
      await connection.query("COMMIT");
      return result;
    });
  }

  write(query: Query): Promise<number> {
    return this.withConnection(async (connection) => {
      await connection.query("START TRANSACTION READ WRITE");
      const [result] = await connection.query({ sql: query.sql, timeout: QUERY_TIMEOUT_MS }, query.params);
      await connection.query("COMMIT");
      return (result as mysql.ResultSetHeader).affectedRows ?? 0;
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
