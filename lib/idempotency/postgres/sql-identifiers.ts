// Table and column names from the config, made safe for SQL. Names are only ever put into a query
// after they were found in the database catalog (table-schema.ts), and then always quoted. Pure.

export interface TableName {
  schema?: string;
  table: string;
  /** Quoted parts are matched exactly; unquoted ones as typed, else folded to lower case (as SQL does). */
  quoted: { schema: boolean; table: boolean };
}

const PART = String.raw`"((?:[^"]|"")+)"|([^".\s]+)`;
const TABLE_NAME = new RegExp(String.raw`^(?:(?:${PART})\.)?(?:${PART})$`);

/** "processed_events", "audit.processed_events", "\"Audit\".\"Processed Events\"", or null. */
export function parseTableName(text: string): TableName | null {
  const match = TABLE_NAME.exec(text.trim());
  if (!match) return null;
  const [, schemaQuoted, schemaPlain, tableQuoted, tablePlain] = match;
  const schema = schemaQuoted !== undefined ? schemaQuoted.replace(/""/g, '"') : schemaPlain;
  const table = tableQuoted !== undefined ? tableQuoted.replace(/""/g, '"') : tablePlain!;
  return {
    ...(schema !== undefined ? { schema } : {}),
    table,
    quoted: { schema: schemaQuoted !== undefined, table: tableQuoted !== undefined },
  };
}

/** "event_id" -> "\"event_id\""; embedded quotes doubled. */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000")) throw new Error("identifier contains a NUL character");
  return `"${name.replace(/"/g, '""')}"`;
}

/** A search text as an ILIKE pattern matching it anywhere, with %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** How a key column is compared: natively (text, uuid, integers) or as text. */
export type KeyKind = "text" | "uuid" | "integer" | "other";

export function keyKindOf(typeName: string, category: string): KeyKind {
  if (category === "S") return "text";
  if (typeName === "uuid") return "uuid";
  if (["smallint", "integer", "bigint"].includes(typeName)) return "integer";
  return "other";
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,19}$/;

/** Whether a text can be a key of this kind (a lookup of "abc" in a uuid column finds nothing, it does not fail). */
export function fitsKeyKind(kind: KeyKind, text: string): boolean {
  if (kind === "uuid") return UUID.test(text);
  if (kind === "integer") return INTEGER.test(text) && BigInt(text) <= 9223372036854775807n && BigInt(text) >= -9223372036854775808n;
  return true;
}

/** The cast a parameter gets to compare with a key of this kind (fixed strings, never user input). */
export function parameterCast(kind: KeyKind): "" | "::uuid" | "::bigint" | "::text" {
  switch (kind) {
    case "uuid":
      return "::uuid";
    case "integer":
      return "::bigint";
    case "other":
      return "::text";
    default:
      return "";
  }
}
