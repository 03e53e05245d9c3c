// Outbox overview on a 1,000,000-row table (issue 16): one sample (rows by status, backlog, oldest
// unpublished age, stuck rows, publish-rate anchor), the way GET /api/v1/outbox/{source} computes
// it, with the indexes docs/configuration.md recommends: (status, created_at) and
// (status, next_retry_at). Table: bench_outbox_1m in database `test` (made once, kept for reruns;
// BENCH_OUTBOX_RESET=1 rebuilds it). Rows: 990,000 published, 9,000 pending, 1,000 failed.
//   node --conditions=react-server --import tsx bench/outbox-overview.ts
import pg from "pg";
import { OutboxSource } from "@/lib/outbox/outbox-source";

const URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TABLE = "bench_outbox_1m";
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

async function prepare(): Promise<void> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    const exists = (await client.query("SELECT to_regclass($1) IS NOT NULL AS e", [TABLE])).rows[0].e as boolean;
    if (exists && process.env.BENCH_OUTBOX_RESET !== "1") return;
    await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await client.query(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, topic text NOT NULL, payload jsonb NOT NULL, status text NOT NULL,
      attempts int NOT NULL DEFAULT 0, next_retry_at timestamptz, created_at timestamptz NOT NULL DEFAULT now())`);
    const started = Date.now();
    await client.query(`INSERT INTO ${TABLE} (topic, payload, status, attempts, next_retry_at, created_at)
      SELECT 'orders.created', jsonb_build_object('orderId', 'order-' || g, 'amount', g % 1000),
             CASE WHEN g <= 990000 THEN 'published' WHEN g <= 999000 THEN 'pending' ELSE 'failed' END,
             CASE WHEN g > 999000 THEN 9 WHEN g > 998900 THEN 7 ELSE 1 END,
             CASE WHEN g > 990000 THEN now() + interval '10 seconds' END,
             now() - make_interval(secs => (1000000 - g) * 0.6)
        FROM generate_series(1, 1000000) g`);
    await client.query(`CREATE INDEX ${TABLE}_status_created ON ${TABLE} (status, created_at)`);
    await client.query(`CREATE INDEX ${TABLE}_status_retry ON ${TABLE} (status, next_retry_at)`);
    await client.query(`VACUUM ANALYZE ${TABLE}`);
    console.log(`built ${TABLE} in ${Date.now() - started} ms`);
  } finally {
    await client.end();
  }
}

async function main() {
  await prepare();
  const source = new OutboxSource({ id: "bench", kind: "postgres", url: URL, table: TABLE });
  const first = await source.sample();
  if (first.status === "down") throw new Error(first.reason);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const detail = await source.sample();
    times.push(performance.now() - started);
    if (i === RUNS - 1) console.log(JSON.stringify({ backlog: detail.backlog, byStatus: detail.byStatus, estimated: detail.estimatedStatuses, stuck: detail.stuck, oldest: detail.oldestPendingAgeSeconds, publishRate: detail.publishRate, status: detail.status }));
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(`outbox overview, 1,000,000 rows, ${RUNS} samples: p50 ${pct(50)} ms, p90 ${pct(90)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
  await source.close();
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
