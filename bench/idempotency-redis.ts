// Idempotency store at scale: 1,000,000 `benchprocessed:<n>` keys in a separate Redis database, then
// the time of the first page of records, of the count (with the TTL figures), of a search, and of a
// "processed" lookup for a 500-message page, with the RSS of the process doing them (the keys are
// loaded by a child process). Prints figures; asserts nothing. The database is emptied (FLUSHDB
// ASYNC) at the end, and must be empty at the start.
//
//   node --expose-gc --conditions=react-server --import tsx bench/idempotency-redis.ts
//
// env: BENCH_REDIS_URL (default redis://127.0.0.1:6379/9), BENCH_IDEMPOTENCY_KEYS (default 1000000),
//      BENCH_REDIS_FLUSH=1 to empty a non-empty database first (it is yours to lose).
import os from "node:os";
import { execSync, spawnSync } from "node:child_process";
import Redis from "ioredis";
import { RedisIdempotencyStore, COUNT_SCAN_BATCH, TTL_SAMPLE_MAX } from "@/lib/idempotency/redis/redis-store";

const URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/9";
const KEYS = Number(process.env.BENCH_IDEMPOTENCY_KEYS ?? 1_000_000);
const PIPELINE = 10_000;
const TTL_S = 3600;
const PATTERN = "benchprocessed:*";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Set once the database is known to be ours (empty, or flushed on request): only then is it flushed on failure. */
let owned = false;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

interface Batch {
  start: number;
  end: number;
  at: number;
}

// As if written over the last hour at a steady rate with SET ... EX 3600: key n gets a TTL of
// (n + 1) / KEYS of an hour, so the last keys written are the "newest" and remaining TTLs spread
// evenly from 0 to 3600 s (about KEYS / 60 new per minute, KEYS / 12 expiring within 5 minutes).
// The load itself takes a while and ages the keys; `expected()` accounts for that exactly.
const ttlOf = (n: number) => Math.max(1, Math.floor(((n + 1) * TTL_S) / KEYS));

/** Child process: SET the keys with pipelines, print {ms, batches} as the last line. */
async function loadKeys(): Promise<void> {
  const redis = new Redis(URL);
  const value = JSON.stringify({ consumer: "bench-consumer", processedAt: new Date().toISOString() });
  const batches: Batch[] = [];
  const started = performance.now();
  for (let start = 0; start < KEYS; start += PIPELINE) {
    const end = Math.min(KEYS, start + PIPELINE);
    const pipeline = redis.pipeline();
    for (let n = start; n < end; n++) pipeline.set(`benchprocessed:${n}`, value, "EX", ttlOf(n));
    batches.push({ start, end, at: Date.now() });
    await pipeline.exec();
  }
  const ms = performance.now() - started;
  await redis.quit();
  console.log(JSON.stringify({ ms, batches }));
}

async function main() {
  const redis = new Redis(URL);
  const size = await redis.dbsize();
  if (size > 0) {
    if (process.env.BENCH_REDIS_FLUSH !== "1") {
      console.error(`${URL} holds ${size} keys; refusing to fill and flush it. Use an empty database or BENCH_REDIS_FLUSH=1.`);
      process.exit(2);
    }
    await redis.flushdb("ASYNC");
  }
  owned = true;
  const cpu = os.cpus()[0]?.model ?? "?";
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
  console.log(`\n## Idempotency store (Redis, ${KEYS.toLocaleString("en-US")} keys)\n`);
  console.log(`machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, node ${process.version}, Redis ${redisVersion} (${URL})`);
  console.log(`started: ${new Date().toISOString()}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" / ")}\n`);

  // ---------------------------------------------------------------- load (in a child process, so
  // that this process's RSS is the store's alone)
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--load"], {
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`loading failed (exit ${child.status})`);
  const loaded = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { ms: number; batches: Batch[] };
  const load = { ms: loaded.ms };
  const batches = loaded.batches;
  /** Keys that, at `at`, have more than TTL - 60 s left (new in the last minute) or at most 300 s left. */
  const expected = (at: number) => {
    let young = 0;
    let soon = 0;
    for (const batch of batches) {
      const age = (at - batch.at) / 1000;
      for (let n = batch.start; n < batch.end; n++) {
        const left = ttlOf(n) - age;
        if (left <= 0) continue;
        if (left > TTL_S - 60) young++;
        if (left <= 300) soon++;
      }
    }
    return { young, soon };
  };
  const memory = /used_memory_human:(\S+)/.exec(await redis.info("memory"))?.[1] ?? "?";
  console.log(`loaded ${KEYS.toLocaleString("en-US")} keys in ${(load.ms / 1000).toFixed(1)} s (pipelines of ${PIPELINE}); Redis used_memory ${memory}`);

  gc();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const config = { id: "bench", kind: "redis" as const, url: URL, pattern: PATTERN };

  // ---------------------------------------------------------------- first page
  const store = new RedisIdempotencyStore(config);
  const coldPage = await timed(() => store.listRecords({ limit: 50 }));
  const warmPages: number[] = [];
  for (let i = 0; i < 5; i++) warmPages.push((await timed(() => store.listRecords({ limit: 50 }))).ms);
  const page500 = await timed(() => store.listRecords({ limit: 500 }));
  // A search that matches 1 key in 100,000 or so: the walk goes on until the page fills or 2 s pass.
  const search = await timed(() => store.listRecords({ limit: 50, q: "99999" }));
  const searchGlob = await timed(() => store.listRecords({ limit: 50, q: "12345*" }));

  // ---------------------------------------------------------------- count and figures
  const counts: { ms: number; records: number | null; estimated?: boolean }[] = [];
  let figures: Awaited<ReturnType<typeof store.summary>> | undefined;
  let expectedAtCount = { young: 0, soon: 0 };
  for (let i = 0; i < 3; i++) {
    // A fresh store each time: the figures are cached for a few seconds per store.
    const fresh = new RedisIdempotencyStore(config);
    gc();
    const countStarted = Date.now();
    const result = await timed(() => fresh.summary());
    expectedAtCount = expected(countStarted + result.ms / 2);
    counts.push({ ms: result.ms, records: result.value.records, estimated: result.value.recordsEstimated });
    figures = result.value;
    await fresh.close();
  }
  await store.summary();
  const cachedCalls: number[] = [];
  for (let i = 0; i < 5; i++) cachedCalls.push((await timed(() => store.summary())).ms);
  const newest = await timed(() => store.listRecords({ limit: 50, sort: "newest" }));

  // ---------------------------------------------------------------- processed lookup (a page of 500 messages)
  const ids = Array.from({ length: 500 }, (_, i) => String(i * 1999));
  const lookups: number[] = [];
  let found = 0;
  for (let i = 0; i < 5; i++) {
    const result = await timed(() => store.lookupEventIds(ids));
    lookups.push(result.ms);
    found = result.value.size;
  }
  gc();
  const rssAfter = process.memoryUsage().rss;

  await store.close();
  clearInterval(sampler);

  const rows: [string, string, string][] = [
    ["first page, 50 records (cold: connect + SCAN + one pipeline)", ms(coldPage.ms), `${coldPage.value.records.length} records, next cursor ${coldPage.value.next ? "yes" : "no"}`],
    ["first page, 50 records (warm, median of 5)", ms(median(warmPages)), ""],
    ["first page, 500 records", ms(page500.ms), `${page500.value.records.length} records`],
    ["search `99999` (substring, ~20 matches in 1M)", ms(search.ms), `${search.value.records.length} records on the first page${search.value.next ? ", more after" : ", walk finished"}`],
    ["search `12345*` (glob on the id)", ms(searchGlob.ms), `${searchGlob.value.records.length} records${searchGlob.value.next ? ", more after" : ""}`],
    [
      `count + TTL figures (SCAN COUNT ${COUNT_SCAN_BATCH}, PTTL of up to ${TTL_SAMPLE_MAX.toLocaleString("en-US")} keys), median of 3`,
      ms(median(counts.map((c) => c.ms))),
      `records ${figures?.records?.toLocaleString("en-US")}${figures?.recordsEstimated ? " (estimated)" : " (exact)"}; runs ${counts.map((c) => ms(c.ms)).join(", ")}`,
    ],
    ["figures again within the cache time, median of 5", ms(median(cachedCalls)), "cached for max(5 s, 5 x compute time); stale figures are served while refreshing"],
    ["expiring in 5 min / new per minute", `${figures?.expiringSoon?.toLocaleString("en-US")} / ${figures?.newPerMinute?.toLocaleString("en-US")}`, `method ${figures?.newPerMinuteMethod}, TTL ${figures?.assumedTtlSeconds} s, TTL sample ${figures?.sampledRecords?.toLocaleString("en-US") ?? "all"}; true values ${expectedAtCount.soon.toLocaleString("en-US")} / ${expectedAtCount.young.toLocaleString("en-US")}`],
    ["newest first, 50 records (from the last walk)", ms(newest.ms), `${newest.value.records.length} records, newest TTL ${newest.value.records[0]?.ttlSeconds} s`],
    ["processed lookup, 500 ids (one pipeline), median of 5", ms(median(lookups)), `${found} found`],
    ["RSS of this process: before / after / peak", `${mb(rssBefore)} / ${mb(rssAfter)} / ${mb(peakRss)}`, "peak sampled every 20 ms"],
  ];
  console.log("\n| what | time | notes |\n| --- | --- | --- |");
  for (const [what, time, notes] of rows) console.log(`| ${what} | ${time} | ${notes} |`);

  // ASYNC: the keys are freed in the background; Redis keeps answering other clients meanwhile.
  const flush = await timed(() => redis.flushdb("ASYNC"));
  console.log(`\nFLUSHDB ASYNC ${URL}: ${ms(flush.ms)}`);
  await redis.quit();
  console.log(
    `\nRESULT idempotency-redis ${JSON.stringify({
      keys: KEYS,
      loadMs: Math.round(load.ms),
      firstPageColdMs: Math.round(coldPage.ms),
      firstPageWarmMs: Math.round(median(warmPages)),
      countMs: Math.round(median(counts.map((c) => c.ms))),
      records: figures?.records,
      estimated: Boolean(figures?.recordsEstimated),
      lookup500Ms: Math.round(median(lookups)),
      rssBeforeMb: Math.round(rssBefore / 1048576),
      rssPeakMb: Math.round(peakRss / 1048576),
      host: execSync("uname -r", { encoding: "utf8" }).trim(),
    })}`,
  );
}

const entry = process.argv.includes("--load") ? loadKeys : main;
// The loader is a child: without this, the RSS sampler's interval would keep it (and the parent) waiting forever.
if (entry === loadKeys) clearInterval(sampler);
entry().catch(async (error) => {
  console.error(error);
  // Leave nothing behind in the bench database (only if it was ours).
  if (!owned || entry === loadKeys) process.exit(1);
  try {
    const redis = new Redis(URL);
    await redis.flushdb("ASYNC");
    await redis.quit();
  } catch {
    // nothing more to do
  }
  process.exit(1);
});
