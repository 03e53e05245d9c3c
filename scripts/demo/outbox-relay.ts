// The demo order service's transactional outbox (the seeds' reliable_outbox): the service inserts
// each Kafka event as a row (status pending), and this worker publishes pending rows whose
// next_retry_at has come, marks them published, or counts an attempt and backs off on failure.
// PostgreSQL at DEMO_OUTBOX_URL (default postgres://postgres@127.0.0.1:5432/test); table
// demo_reliable_outbox with the indexes docs/configuration.md recommends. DEMO_OUTBOX=0: off.
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Producer } from "kafkajs";

export const DEMO_OUTBOX_TABLE = "demo_reliable_outbox";
export const demoOutboxUrl = () => process.env.DEMO_OUTBOX_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const POLL_MS = 250;
const BATCH = 200;

export interface OutboxEvent {
  id: string | null;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export class DemoOutbox {
  private readonly pool = new pg.Pool({ connectionString: demoOutboxUrl(), max: 3 });
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  /** `table`: another table of the same shape (the browser test's own, so the demo's is never touched). */
  constructor(
    private readonly producer: Producer,
    private readonly log: (line: string) => void,
    private readonly table: string = DEMO_OUTBOX_TABLE,
  ) {
    this.pool.on("error", () => {});
  }

  async start(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
      id text PRIMARY KEY, topic text NOT NULL, key text, payload jsonb NOT NULL, headers jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'pending', attempts int NOT NULL DEFAULT 0, next_retry_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await this.pool.query(`CREATE INDEX IF NOT EXISTS ${this.table}_status_created ON ${this.table} (status, created_at)`);
    await this.pool.query(`CREATE INDEX IF NOT EXISTS ${this.table}_status_retry ON ${this.table} (status, next_retry_at)`);
    // Published rows older than an hour go, so the demo table stays small.
    await this.pool.query(`DELETE FROM ${this.table} WHERE status = 'published' AND created_at < now() - interval '1 hour'`);
    this.timer = setInterval(() => void this.relay(), POLL_MS);
    this.log(`order-service: events go through the outbox table ${this.table} (${demoOutboxUrl().replace(/\/\/[^@]*@/, "//")})`);
  }

  /** What the service does in its own transaction: one row per event. */
  async write(events: OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event, i) => {
      // Poison payloads are not JSON: stored as a JSON string so the row is still written.
      let payload: unknown;
      try {
        payload = JSON.parse(event.value);
      } catch {
        payload = event.value;
      }
      values.push(event.id ?? randomUUID(), event.topic, event.key, JSON.stringify(payload), JSON.stringify(event.headers));
      const n = i * 5;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::jsonb, $${n + 5}::jsonb)`;
    });
    // A duplicate event (same id) is the outbox's own dedupe: written once.
    await this.pool.query(`INSERT INTO ${this.table} (id, topic, key, payload, headers) VALUES ${rows.join(", ")} ON CONFLICT (id) DO NOTHING`, values);
  }

  /** The worker: scan, publish, mark (FOR UPDATE SKIP LOCKED, so two workers never send a row twice at once). */
  private async relay(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const client = await this.pool.connect().catch(() => null);
    if (!client) {
      this.busy = false;
      return;
    }
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: string; topic: string; key: string | null; payload: unknown; headers: Record<string, string> }>(
        `SELECT id, topic, key, payload, headers FROM ${this.table}
          WHERE status = 'pending' AND (next_retry_at IS NULL OR next_retry_at <= now())
          ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length > 0) {
        const ids = rows.map((row) => row.id);
        try {
          const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
          for (const row of rows) {
            const list = byTopic.get(row.topic) ?? [];
            list.push({ key: row.key, value: typeof row.payload === "string" ? row.payload : JSON.stringify(row.payload), headers: row.headers });
            byTopic.set(row.topic, list);
          }
          await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
          await client.query(`UPDATE ${this.table} SET status = 'published', attempts = attempts + 1 WHERE id = ANY($1)`, [ids]);
        } catch (error) {
          await client.query(
            `UPDATE ${this.table} SET attempts = attempts + 1, next_retry_at = now() + make_interval(secs => least(60, power(2, attempts))) WHERE id = ANY($1)`,
            [ids],
          );
          this.log(`outbox worker: publish failed, ${ids.length} rows retry later: ${(error as Error).message}`);
        }
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      this.log(`outbox worker: ${(error as Error).message}`);
    } finally {
      client.release();
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pool.end().catch(() => undefined);
  }
}
