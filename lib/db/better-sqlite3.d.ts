// The part of better-sqlite3 (v11) that lib/db uses. The package ships no types and
// @prisma/adapter-better-sqlite3 imports `Options` from it. Delete this file if
// @types/better-sqlite3 is ever installed.
declare module "better-sqlite3" {
  namespace Database {
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      /** busy timeout in ms (default 5000) */
      timeout?: number;
      verbose?: (message?: unknown, ...additional: unknown[]) => void;
      nativeBinding?: string;
    }
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement {
      run(...params: unknown[]): RunResult;
      get(...params: unknown[]): unknown;
      all(...params: unknown[]): unknown[];
    }
  }
  class Database {
    constructor(filename: string, options?: Database.Options);
    readonly inTransaction: boolean;
    readonly open: boolean;
    exec(sql: string): this;
    prepare(sql: string): Database.Statement;
    pragma(source: string, options?: { simple?: boolean }): unknown;
    close(): this;
  }
  export = Database;
}
