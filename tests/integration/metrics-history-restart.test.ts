import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { waitFor } from "../support/brokers";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";
import { call } from "../support/routes";
import type { MetricsSourceDetail } from "@/lib/metrics-sources/types";

// Issue 16 gap: a metrics source's history survives a restart. Before the restart, a sampler (what
// the registry runs) scrapes a real HTTP endpoint at three moments of the last half hour, each in
// its own minute, and stores each; then the console "restarts": the database client is closed and a
// new registry sampler on the same database serves GET /api/v1/metrics-sources/{source}. Its history
// starts before the restart and the rate across the restart is the counter's real growth (10 events
// over two minutes), not a fresh start. On SQLite and on a throwaway PostgreSQL database.
const { dir, cleanup } = useTempConsoleEnv("eventscope-msrc-history-", {});
const PG_ADMIN_URL = process.env.EVENTSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const auth = { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } };
const TYPE = "order_paid";
const MINUTE = 60_000;

// Every scrape: 10 more successes and 1 more failure.
let scrapes = 0;
const server = http.createServer((_request, response) => {
  scrapes++;
  response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
  response.end(`# TYPE event_processed_total counter\nevent_processed_total{type="${TYPE}",status="success"} ${scrapes * 10}\nevent_processed_total{type="${TYPE}",status="failure"} ${scrapes}\n`);
});
let url = "";
const pgDatabase = `eventscope_test_${randomBytes(6).toString("hex")}`;

async function pgAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  await pgAdmin(`CREATE DATABASE ${pgDatabase}`);
});

afterAll(async () => {
  const { stopMetricsSources } = await import("@/lib/metrics-sources/registry");
  stopMetricsSources();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pgAdmin(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`).catch(() => undefined);
  cleanup();
});

const databases: [string, () => string][] = [
  ["SQLite", () => `file:${dir}/restart.db`],
  [
    "PostgreSQL",
    () => {
      const target = new URL(PG_ADMIN_URL);
      target.pathname = `/${pgDatabase}`;
      return target.toString();
    },
  ],
];

describe.each(databases)("metrics source history after a restart (%s)", (kind, databaseUrl) => {
  it("reads the stored minutes back: the history and the rates run on across the restart", async () => {
    const { disconnectDb, getDb } = await import("@/lib/db");
    const registry = await import("@/lib/metrics-sources/registry");
    const { MetricsSourceSampler } = await import("@/lib/metrics-sources/source-sampler");
    const { dbOutcomeHistory } = await import("@/lib/metrics-sources/outcome-history");
    const route = await import("@/app/api/v1/metrics-sources/[source]/route");
    registry.stopMetricsSources();
    await disconnectDb();
    process.env.DATABASE_URL = databaseUrl();
    const source = { id: `history-${kind.toLowerCase()}`, url, samplingIntervalMs: 1000 };
    fs.writeFileSync(process.env.EVENTSCOPE_CONFIG!, JSON.stringify({ metrics: [source] }));

    // Before the restart: scrapes 30, 29 and 2 minutes ago, each stored (one a minute).
    const restartAt = Date.now();
    const before = new MetricsSourceSampler(source, dbOutcomeHistory);
    const scrapedBefore = scrapes;
    for (const minutesAgo of [30, 29, 2]) await before.scrapeOnce(() => restartAt - minutesAgo * MINUTE);
    expect(scrapes - scrapedBefore).toBe(3);
    const db = await getDb();
    const stored = await db.outcomePoint.findMany({ where: { sourceId: source.id, type: TYPE }, orderBy: { t: "asc" } });
    expect(stored.map((row) => row.t.getTime())).toEqual([30, 29, 2].map((minutesAgo) => restartAt - minutesAgo * MINUTE));
    expect(stored.map((row) => row.success)).toEqual([1, 2, 3].map((n) => (scrapedBefore + n) * 10));

    // The restart: nothing in memory, a new database client, a new sampler from the config.
    await disconnectDb();
    const detail = await waitFor(
      async () => {
        const { status, body } = await call(route.GET, `/api/v1/metrics-sources/${source.id}`, { source: source.id }, auth);
        expect(status).toBe(200);
        const result = body as MetricsSourceDetail;
        const points = result.history.find((history) => history.type === TYPE)?.points ?? [];
        return points.some((point) => point.t >= restartAt) ? result : undefined;
      },
      30_000,
      "a history point after the restart",
    );
    const points = detail.history.find((history) => history.type === TYPE)!.points;
    // The stored minutes: from 30 to 29 minutes ago 10 successes and 1 failure in 60 s.
    expect(points[0]).toMatchObject({ t: restartAt - 29 * MINUTE, failureRatio: 1 / 11 });
    expect(points[0].success).toBeCloseTo(10 / 60, 6);
    expect(points.filter((point) => point.t < restartAt)).toHaveLength(2);
    // Across the restart: the counter's growth since the last stored scrape, about two minutes
    // (10 events in ~120 s), where a history that began at the restart would have no such point.
    const across = points.find((point) => point.t >= restartAt)!;
    expect(across.success).toBeGreaterThan(10 / 200);
    expect(across.success).toBeLessThan(10 / 100);
    expect(detail.status).toBe("ok");
    // The new instance stores its own minute too.
    await waitFor(async () => (await (await getDb()).outcomePoint.count({ where: { sourceId: source.id, type: TYPE } })) >= 4, 30_000, "the new instance's stored minute");
    registry.stopMetricsSources();
  }, 120_000);
});
