import "server-only";
import type { Pool } from "pg";
import type { PostgresStoreConfig } from "@/lib/config/schema";
import { storeMisconfigured } from "../store-errors";
import { keyKindOf, parseTableName, quoteIdent, type KeyKind } from "./sql-identifiers";

export interface ResolvedColumn {
  name: string;
  /** Quoted, ready for SQL. */
  sql: string;
  type: string;
  /** pg_type.typcategory: S string, N numeric, D date/time, U user (uuid, json...). */
  category: string;
}

/** A configured table as the catalog knows it: every name checked, every identifier quoted. */
export interface ResolvedTable {
  schema: string;
  table: string;
  /** "\"public\".\"processed_events\"" */
  sql: string;
  key: ResolvedColumn & { kind: KeyKind };
  processedAt?: ResolvedColumn;
  consumer?: ResolvedColumn;
  value?: ResolvedColumn;
  columns: string[];
}

/**
 * Finds the table (in the named schema, or the first of the search path) and the configured columns
 * in the catalog. A name that is not there is a configuration error that says which one and what
 * there is instead. Nothing from the config reaches SQL except through this check and quoting.
 */
export async function resolveTable(pool: Pool, config: PostgresStoreConfig): Promise<ResolvedTable> {
  const name = parseTableName(config.table);
  if (!name) throw storeMisconfigured(config.id, `table "${config.table}" is not a valid table name (use table or schema.table)`);

  const tables = await pool.query<{ oid: number; schema: string; table: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND (c.relname = $1 OR (NOT $3 AND c.relname = lower($1)))
        AND (($2::text IS NULL AND n.nspname = ANY (current_schemas(false)))
             OR n.nspname = $2 OR (NOT $4 AND n.nspname = lower($2)))
      ORDER BY (c.relname = $1) DESC, (n.nspname = $2) DESC, array_position(current_schemas(false), n.nspname::name)
      LIMIT 1`,
    [name.table, name.schema ?? null, name.quoted.table, name.quoted.schema],
  );
  const found = tables.rows[0];
  if (!found) {
    const where = name.schema ? `schema "${name.schema}"` : "the search path";
    const database = await pool.query<{ db: string; path: string[] }>("SELECT current_database() AS db, current_schemas(false)::text[] AS path");
    const info = database.rows[0];
    const searched = name.schema ? where : `${where} (${(info?.path ?? []).join(", ") || "empty"})`;
    throw storeMisconfigured(config.id, `table "${config.table}" does not exist in database "${info?.db ?? "?"}", ${searched}`);
  }

  const columns = await pool.query<{ name: string; type: string; category: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [found.oid],
  );
  const available = columns.rows;
  const qualified = `${found.schema}.${found.table}`;
  const column = (field: string, wanted: string | undefined): ResolvedColumn | undefined => {
    if (wanted === undefined) return undefined;
    const match = available.find((c) => c.name === wanted) ?? available.find((c) => c.name === wanted.toLowerCase());
    if (!match) {
      throw storeMisconfigured(
        config.id,
        `table "${qualified}" has no column "${wanted}" (${field}); its columns are ${available.map((c) => c.name).join(", ") || "none"}`,
      );
    }
    return { name: match.name, sql: quoteIdent(match.name), type: match.type, category: match.category };
  };

  const key = column("keyColumn", config.keyColumn)!;
  return {
    schema: found.schema,
    table: found.table,
    sql: `${quoteIdent(found.schema)}.${quoteIdent(found.table)}`,
    key: { ...key, kind: keyKindOf(key.type, key.category) },
    processedAt: column("processedAtColumn", config.processedAtColumn),
    consumer: column("consumerColumn", config.consumerColumn),
    value: column("valueColumn", config.valueColumn),
    columns: available.map((c) => c.name),
  };
}
