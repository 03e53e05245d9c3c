// Types for the functions scripts/prisma-db.mjs exports (used by tests/unit/db-schema-sync.test.ts).
export declare const ROOT: string;
export declare const TARGETS: Record<
  "sqlite" | "postgres",
  { provider: string; schema: string; migrations: string; lockProvider: string }
>;
export declare function renderPostgresSchema(source: string): string;
export declare function readSourceSchema(root?: string): string;
export declare function isPostgresSchemaInSync(root?: string): boolean;
export declare function isEmptyMigration(sql: string): boolean;
