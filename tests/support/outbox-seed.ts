// Outbox tables in the seeds' shape on the local PostgreSQL (127.0.0.1:5432, trust) and MariaDB
// (127.0.0.1:3306, root), database `test`: the DDL, a plain client for each, and a set of rows in
// every state (published, pending, stuck by attempts or by retry, failed). Used by the integration
// tests of the outbox sources and by the browser tests that show an outbox page.
import { randomUUID } from "node:crypto";
import pg from "pg";
import mysql from "mysql2/promise";

export const PG_URL = process.env.TEST_PG_OUTBOX_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env.TEST_MYSQL_OUTBOX_URL ?? "mysql://root@127.0.0.1:3306/test";

export interface Db {
  exec(sql: string, params?: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function pgDb(): Promise<Db> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  return { exec: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
}

export async function mysqlDb(): Promise<Db> {
  const connection = await mysql.createConnection({ uri: MYSQL_URL, dateStrings: true });
  return { exec: async (sql, params) => (await connection.query(sql, params))[0] as unknown[], close: () => connection.end() };
}

export const DDL = {
  postgres: (name: string) => `CREATE TABLE ${name} (id uuid PRIMARY KEY, topic text NOT NULL, payload jsonb NOT NULL, status text NOT NULL,
      attempts int NOT NULL DEFAULT 0, next_retry_at timestamptz, created_at timestamptz NOT NULL DEFAULT now())`,
  mysql: (name: string) => `CREATE TABLE ${name} (id char(36) PRIMARY KEY, topic varchar(255) NOT NULL, payload json NOT NULL, status varchar(32) NOT NULL,
      attempts int NOT NULL DEFAULT 0, next_retry_at datetime(6) NULL, created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))`,
};
export const DEBEZIUM_DDL = {
  postgres: (name: string) => `CREATE TABLE ${name} (id uuid PRIMARY KEY, aggregatetype varchar(255) NOT NULL, aggregateid varchar(255) NOT NULL, type varchar(255) NOT NULL, payload jsonb)`,
  mysql: (name: string) => `CREATE TABLE ${name} (id char(36) PRIMARY KEY, aggregatetype varchar(255) NOT NULL, aggregateid varchar(255) NOT NULL, type varchar(255) NOT NULL, payload json)`,
};

export interface Seeded {
  id: string;
  status: string;
  attempts: number;
  createdSecondsAgo: number;
  retrySecondsAgo?: number;
}

/** 10 published, 4 pending (2 min old), 1 pending at 7 attempts, 1 pending overdue 10 min, 2 failed. */
export function seedRows(): Seeded[] {
  const rows: Seeded[] = [];
  for (let i = 0; i < 10; i++) rows.push({ id: randomUUID(), status: "published", attempts: 1, createdSecondsAgo: 600 + i });
  for (let i = 0; i < 4; i++) rows.push({ id: randomUUID(), status: "pending", attempts: 0, createdSecondsAgo: 120 + i });
  rows.push({ id: randomUUID(), status: "pending", attempts: 7, createdSecondsAgo: 100, retrySecondsAgo: -30 });
  rows.push({ id: randomUUID(), status: "pending", attempts: 2, createdSecondsAgo: 90, retrySecondsAgo: 600 });
  for (let i = 0; i < 2; i++) rows.push({ id: randomUUID(), status: "failed", attempts: 9, createdSecondsAgo: 3_000 + i });
  return rows;
}

/** Inserts `rows` into `name`, each addressed to `topic`, with a payload that carries a card number (for masking). */
export async function insertRows(db: Db, kind: "postgres" | "mysql", name: string, rows: Seeded[], topic: string): Promise<void> {
  for (const [i, row] of rows.entries()) {
    const payload = JSON.stringify({ orderId: `order-${i}`, card: "4111111111111111", amount: 10 + i });
    if (kind === "postgres") {
      await db.exec(
        `INSERT INTO ${name} (id, topic, payload, status, attempts, next_retry_at, created_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::float8 IS NULL THEN NULL ELSE now() - make_interval(secs => $6::float8) END, now() - make_interval(secs => $7::float8))`,
        [row.id, topic, payload, row.status, row.attempts, row.retrySecondsAgo ?? null, row.createdSecondsAgo],
      );
    } else {
      await db.exec(
        `INSERT INTO ${name} (id, topic, payload, status, attempts, next_retry_at, created_at)
         VALUES (?, ?, ?, ?, ?, IF(? IS NULL, NULL, NOW(6) - INTERVAL ? SECOND), NOW(6) - INTERVAL ? SECOND)`,
        [row.id, topic, payload, row.status, row.attempts, row.retrySecondsAgo ?? null, row.retrySecondsAgo ?? 0, row.createdSecondsAgo],
      );
    }
  }
}
