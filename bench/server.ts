// The production server as a user meets it (issue 17, item 5), in one command from a clean clone:
//
//   npm run bench -- server
//
//   0. brokers: a Kafka of its own on BENCH_KAFKA_PORT (scripts/brokers-up.sh; the one already there
//      is used as is), the dev Kafka (9092) and NATS (4222) for the jobs, started when missing; all
//      that this run started is stopped at the end, also on Ctrl-C or a failure (bench/lib/bench-broker.ts)
//   1. build: `npm run build` when .next/standalone/server.js is missing (or BENCH_BUILD=1)
//   2. data on its broker: BENCH_SCALE_TOPICS x 10 partitions, BENCH_SCALE_GROUPS groups each with
//      committed offsets on BENCH_SCALE_TOPICS_PER_GROUP whole topics (default 10,000 partitions,
//      2,000 x 30 = 60,000 group-partitions), a topic of 1,000 messages
//   3. cold: each listing's first answer right after a start (BENCH_COLD_STARTS starts, a different
//      listing first each time)
//   4. warm, on one server: the first cycle; GET /api/v1/health every 100 ms for BENCH_HEALTH_SECONDS
//      while it samples; each listing BENCH_LISTING_REQUESTS times one after another, health still
//      polled beside; the peer (BENCH_PEER_URL) with the same loop; the cycle from /api/metrics
//   5. idle: no requests for BENCH_IDLE_SECONDS (default 600 = 10 min): CPU % of a core, RSS
//   6. jobs: requeue and replay of BENCH_JOB_MESSAGES through the API, Kafka (a Spring-style .DLT of
//      2 partitions, on the jobs broker) and JetStream, requeue on Redis Streams and RabbitMQ (dead
//      letters of a real consumer's nack), POST to `succeeded`, every copy read back
//   Then one table: each figure next to its target, machine, load average at start and end, date.
//
// Env (all optional):
//   BENCH_KAFKA_PORT (19092) / BENCH_KAFKA_CONTROLLER_PORT (port + 1) / BENCH_KAFKA_HEAP (JVM -Xmx,
//     512m; 100,000 partitions need more) / BENCH_KEEP_BROKER_DATA=1 (keep .data/kafka-<port> for
//     the next run: no data build) / BENCH_KAFKA_BROKERS (a Kafka you run: nothing started or stopped)
//   BENCH_JOBS_KAFKA_BROKERS (127.0.0.1:9092, started if missing), BENCH_NATS_SERVERS (nats://127.0.0.1:4222),
//   BENCH_REDIS_URL (redis://127.0.0.1:6379; the Redis Streams requeue job)
//   BENCH_RABBITMQ_URL (amqp://guest:guest@127.0.0.1:5672), BENCH_RABBITMQ_MANAGEMENT_URL (http://127.0.0.1:15672)
//   BENCH_SCALE_TOPICS (1000), BENCH_SCALE_GROUPS (2000), BENCH_SCALE_TOPICS_PER_GROUP (3)
//   BENCH_COLD_STARTS (3), BENCH_HEALTH_SECONDS (60), BENCH_LISTING_REQUESTS (40), BENCH_IDLE_SECONDS (600)
//   BENCH_JOB_MESSAGES (100000), BENCH_SKIP_JOBS=1, BENCH_ONLY=jobs (jobs alone, no scale cluster),
//   BENCH_JOBS=rabbitmq,redis (only the jobs whose name contains one of these words, any case)
//   BENCH_PEER_URL (comma-separated URLs of another console on the same broker, e.g. Kafdrop's
//     http://127.0.0.1:9000/topic,...), BENCH_PEER_NAME (peer), BENCH_PEER_ACCEPT (application/json;
//     text/html for its pages), BENCH_PEER_CMD (the command that starts the peer once the data is
//     built, {brokers} replaced by the bench broker; stopped at the end), e.g.
//     BENCH_PEER_CMD='java -jar /work/peer/kafdrop/target/kafdrop-4.2.1-SNAPSHOT.jar --kafka.brokerConnect={brokers} --server.port=9000'

//   BENCH_REFERENCE=sampler-off (first the same server with EVENTSCOPE_SAMPLER=off: health, listings,
//     idle, for ratios where a figure is noisy)
//   BENCH_BUILD=1, BENCH_SERVER_DIR (another standalone build), BENCH_BASELINE_DIR (a before build
//     measured first in the same run), BENCH_SERVER_ENV (KEY=VALUE,... for the server), BENCH_KEEP=1
//     (keep the server's temp dir and log)
import os from "node:os";
import { Kafka, logLevel } from "kafkajs";
import { int, loadAverage, machine, median, ms, percentile, printResult, sleep, table } from "./lib/common";
import { ensureKafka, ensureProductionBuild, tearDownBrokers } from "./lib/bench-broker";
import { startPeer, type Peer } from "./lib/peer";
import { benchTopic, localKafkaVersion } from "./lib/kafka-fixture";
import { gauge, processCpuMsOf, processRss, startProductionServer, timedGet, type ProductionServer } from "./lib/production-server";
import { ensureScaleData, scaleGroup, PARTITIONS_PER_TOPIC } from "./lib/server-scale-data";
import { deleteBenchTopics, jetStreamReplay, jetStreamRequeue, kafkaReplay, kafkaRequeue, redisStreamsRequeue, type JobTiming } from "./lib/server-jobs";
import { rabbitJobsCluster, rabbitmqRequeue } from "./lib/server-jobs-rabbitmq";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw}: expected a number >= 0`);
  return value;
};
const TOPICS = num("BENCH_SCALE_TOPICS", 1_000);
const GROUPS = num("BENCH_SCALE_GROUPS", 2_000);
const TOPICS_PER_GROUP = num("BENCH_SCALE_TOPICS_PER_GROUP", 3);
const COLD_STARTS = num("BENCH_COLD_STARTS", 3);
const HEALTH_S = num("BENCH_HEALTH_SECONDS", 60);
const LISTING_REQUESTS = num("BENCH_LISTING_REQUESTS", 40);
const IDLE_S = num("BENCH_IDLE_SECONDS", 600);
const JOB_MESSAGES = num("BENCH_JOB_MESSAGES", 100_000);
const KAFKA_PORT = num("BENCH_KAFKA_PORT", 19092);
const NATS = (process.env.BENCH_NATS_SERVERS ?? "nats://127.0.0.1:4222").split(",");
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const RABBITMQ_URL = process.env.BENCH_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const RABBITMQ_MANAGEMENT_URL = process.env.BENCH_RABBITMQ_MANAGEMENT_URL ?? "http://127.0.0.1:15672";
const JOB_WORDS = (process.env.BENCH_JOBS ?? "").split(",").map((word) => word.trim().toLowerCase()).filter(Boolean);
const jobWanted = (what: string) => JOB_WORDS.length === 0 || JOB_WORDS.some((word) => what.toLowerCase().includes(word));
const PEER_URLS = (process.env.BENCH_PEER_URL ?? "").split(",").map((url) => url.trim()).filter(Boolean);
const PEER_NAME = process.env.BENCH_PEER_NAME ?? "peer";
const PEER_CMD = process.env.BENCH_PEER_CMD;
/** Kafdrop answers JSON (its API) or HTML (its pages) on the same URLs, by Accept. */
const PEER_ACCEPT = process.env.BENCH_PEER_ACCEPT ?? "application/json";
const MESSAGES_TOPIC = "bench-srv-messages";
const INTERVAL_MS = 5_000;
/** "jobs": requeue and replay only, the server sampling the small job clusters alone (no scale data). */
const JOBS_ONLY = process.env.BENCH_ONLY === "jobs";
const SKIP_JOBS = process.env.BENCH_SKIP_JOBS === "1";

const log = (line: string) => console.log(line);

const listings = (cluster: string): { name: string; path: string }[] => [
  { name: "topic list", path: `/api/v1/clusters/${cluster}/topics` },
  { name: "topic detail", path: `/api/v1/clusters/${cluster}/topics/${benchTopic(0)}` },
  { name: "group list (first page)", path: `/api/v1/clusters/${cluster}/consumers` },
  { name: "group detail", path: `/api/v1/clusters/${cluster}/consumers/${scaleGroup(0)}` },
  { name: "100 messages", path: `/api/v1/clusters/${cluster}/topics/${MESSAGES_TOPIC}/messages?partition=0&from=0&limit=100` },
];

/** A topic with 1,000 messages on partition 0, for the message page. */
async function ensureMessagesTopic(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: "bench-server-setup", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(MESSAGES_TOPIC)) return;
    await admin.createTopics({ topics: [{ topic: MESSAGES_TOPIC, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: MESSAGES_TOPIC,
      messages: Array.from({ length: 1_000 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ id: `evt-${i}`, note: "x".repeat(200) }) })),
    });
    await producer.disconnect();
  } finally {
    await admin.disconnect();
  }
}

function serverEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_SERVER_ENV ?? "").split(",").filter((pair) => pair.includes("="));
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")).trim(), pair.slice(pair.indexOf("=") + 1)]));
}

/** How one measured server differs: another standalone build, or the sampler off (the reference). */
interface BuildOptions {
  serverDir?: string;
  samplerOff?: boolean;
}

async function start(label: string, clusters: object[], { serverDir, samplerOff }: BuildOptions): Promise<{ server: ProductionServer; startMs: number }> {
  const before = process.env.BENCH_SERVER_DIR;
  if (serverDir) process.env.BENCH_SERVER_DIR = serverDir;
  else delete process.env.BENCH_SERVER_DIR;
  try {
    const started = performance.now();
    const server = await startProductionServer({ name: `server-${label.replace(/\W+/g, "-")}`, clusters, env: { ...serverEnv(), ...(samplerOff ? { EVENTSCOPE_SAMPLER: "off" } : {}) } });
    return { server, startMs: performance.now() - started };
  } finally {
    if (before === undefined) delete process.env.BENCH_SERVER_DIR;
    else process.env.BENCH_SERVER_DIR = before;
  }
}

async function get(server: Pick<ProductionServer, "baseUrl" | "token">, path: string, headers: Record<string, string> = {}): Promise<number> {
  const answer = await timedGet(server, path, 120_000, headers);
  if (answer.status !== 200) throw new Error(`GET ${server.baseUrl}${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer.ms;
}

/** The scale cluster's last cycle (eventscope_sampler_cycle_seconds), ms; undefined before the first. */
async function cycleMs(server: ProductionServer, cluster: string): Promise<number | undefined> {
  const answer = await timedGet(server, "/api/metrics", 60_000);
  if (answer.status !== 200) return undefined;
  const line = answer.text.split("\n").find((candidate) => candidate.startsWith("eventscope_sampler_cycle_seconds{") && candidate.includes(`"${cluster}"`));
  const seconds = line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : gauge(answer.text, "eventscope_sampler_cycle_seconds");
  return seconds === undefined || Number.isNaN(seconds) ? undefined : seconds * 1000;
}

type Stats = { p50: number; p99: number; max: number; n: number; failed: number };
const statsOf = (values: number[], failed = 0): Stats => ({ p50: median(values), p99: percentile(values, 99), max: values.length ? Math.max(...values) : NaN, n: values.length, failed });

/** GET /api/v1/health every 100 ms (started on a timer, not one after another: a stall shows as slow answers) until stopped. */
function pollHealth(server: ProductionServer): { stop: () => Promise<Stats> } {
  const latencies: number[] = [];
  let failed = 0;
  let polling = true;
  const loop = (async () => {
    const pending: Promise<void>[] = [];
    while (polling) {
      pending.push(timedGet(server, "/api/v1/health", 30_000).then((answer) => void (answer.status === 200 ? latencies.push(answer.ms) : failed++)));
      await sleep(100);
    }
    await Promise.all(pending);
  })();
  return {
    stop: async () => {
      polling = false;
      await loop;
      return statsOf(latencies, failed);
    },
  };
}

interface BuildFigures {
  label: string;
  startMs: number[];
  cold: Record<string, number[]>;
  warm: Record<string, Stats>;
  peer: Record<string, Stats & { first: number }>;
  peerErrors: Record<string, string>;
  healthSampling: Stats;
  healthListing: Stats;
  firstCycleS?: number;
  cycleMs: number[];
  rssWarmMb?: number;
  idle?: { seconds: number; cpuPct: number; rssMb: number };
  jobs: JobTiming[];
  load: { before: string; after: string };
}

/** One request loop over each URL, one after another, `count` times (the same loop for the console and the peer). */
async function requestLoop(server: Pick<ProductionServer, "baseUrl" | "token">, path: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < count; k++) times.push(await get(server, path, headers));
  return times;
}

async function measureWarm(server: ProductionServer, figures: BuildFigures, startedAt: number, samplerOff: boolean): Promise<void> {
  if (!samplerOff) {
    const deadline = Date.now() + 600_000;
    let first: number | undefined;
    while ((first = await cycleMs(server, "scale")) === undefined) {
      if (Date.now() > deadline) throw new Error("no sampling cycle within 10 min of the start; see the server log (BENCH_KEEP=1 keeps it)");
      await sleep(1_000);
    }
    figures.firstCycleS = (performance.now() - startedAt) / 1000;
    log(`  first cycle done ${figures.firstCycleS.toFixed(1)} s after start (that cycle: ${ms(first)})`);
  }
  await sleep(INTERVAL_MS + 1_000); // a second cycle, so the snapshot has rates
  figures.rssWarmMb = processRss(server.pid) / 2 ** 20;

  // Health alone while the server samples (no other request).
  const sampling = pollHealth(server);
  await sleep(HEALTH_S * 1000);
  figures.healthSampling = await sampling.stop();
  log(`  health while sampling (${HEALTH_S} s, every 100 ms): p50 ${ms(figures.healthSampling.p50)}, p99 ${ms(figures.healthSampling.p99)}, max ${ms(figures.healthSampling.max)}, ${figures.healthSampling.failed} failed; load ${loadAverage()}`);

  // Each listing, then the peer's pages, the same loop; health polled beside.
  const beside = pollHealth(server);
  for (const listing of listings("scale")) {
    const times = await requestLoop(server, listing.path, LISTING_REQUESTS);
    figures.warm[listing.name] = statsOf(times);
    log(`  warm ${listing.name}: p50 ${ms(median(times))}, p99 ${ms(percentile(times, 99))} (${times.length})`);
  }
  for (const url of samplerOff ? [] : PEER_URLS) {
    const { origin, pathname, search } = new URL(url);
    const peer = { baseUrl: origin, token: "none" };
    // A peer that answers an error is reported beside the others; it does not end the run.
    const times = await requestLoop(peer, pathname + search, LISTING_REQUESTS + 1, { Accept: PEER_ACCEPT }).catch((error: unknown) => {
      figures.peerErrors[url] = (error instanceof Error ? error.message : String(error)).slice(0, 200);
      log(`  ${PEER_NAME} ${pathname}${search}: ${figures.peerErrors[url]}`);
      return undefined;
    });
    if (!times) continue;
    figures.peer[url] = { ...statsOf(times.slice(1)), first: times[0] };
    log(`  ${PEER_NAME} ${pathname}${search}: first ${ms(times[0])}, then p50 ${ms(median(times.slice(1)))}, p99 ${ms(percentile(times.slice(1), 99))} (${times.length - 1})`);
  }
  figures.healthListing = await beside.stop();
  log(`  health while listing: p50 ${ms(figures.healthListing.p50)}, p99 ${ms(figures.healthListing.p99)}, max ${ms(figures.healthListing.max)}`);
  for (let k = 0; k < (samplerOff ? 0 : 3); k++) {
    const cycle = await cycleMs(server, "scale");
    if (cycle !== undefined) figures.cycleMs.push(cycle);
    await sleep(INTERVAL_MS);
  }
  if (!samplerOff) log(`  cycle: ${figures.cycleMs.map((c) => ms(c)).join(", ")}`);

  // Idle: no requests at all; the process's CPU time over the window, RSS at its end.
  if (IDLE_S > 0) {
    log(`  idle ${IDLE_S} s (BENCH_IDLE_SECONDS), no requests ...`);
    const cpuBefore = processCpuMsOf(server.pid);
    const idleStart = Date.now();
    await sleep(IDLE_S * 1000);
    const cpuPct = ((processCpuMsOf(server.pid) - cpuBefore) / (Date.now() - idleStart)) * 100;
    figures.idle = { seconds: IDLE_S, cpuPct, rssMb: processRss(server.pid) / 2 ** 20 };
    log(`  idle: CPU ${cpuPct.toFixed(1)} % of a core, RSS ${figures.idle.rssMb.toFixed(0)} MB; load ${loadAverage()}`);
  }
}

async function measureBuild(label: string, clusters: object[], jobsKafka: string[], options: BuildOptions): Promise<BuildFigures> {
  const { serverDir, samplerOff = false } = options;
  const loadBefore = loadAverage();
  log(`\n### ${label}${serverDir ? ` (${serverDir})` : ""}; load ${loadBefore}`);
  const none = statsOf([]);
  const figures: BuildFigures = { label, startMs: [], cold: {}, warm: {}, peer: {}, peerErrors: {}, healthSampling: none, healthListing: none, cycleMs: [], jobs: [], load: { before: loadBefore, after: "" } };

  // Cold: the first request of each listing after a start, in turn; a different listing goes first
  // in each start, so every one is measured truly first once (with 5 starts).
  for (let run = 0; run < (JOBS_ONLY ? 0 : COLD_STARTS); run++) {
    const { server, startMs } = await start(label, clusters, options);
    figures.startMs.push(startMs);
    try {
      const order = listings("scale").map((_, index, all) => all[(index + run) % all.length]);
      for (const listing of order) (figures.cold[listing.name] ??= []).push(await get(server, listing.path));
      log(`  cold start ${run + 1}: answered health ${ms(startMs)} after spawn; ${order.map((l) => `${l.name} ${ms(figures.cold[l.name].at(-1)!)}`).join(", ")}`);
    } finally {
      await server.stop();
    }
  }

  const startedAt = performance.now();
  const { server, startMs } = await start(label, clusters, options);
  figures.startMs.push(startMs);
  try {
    if (!JOBS_ONLY) await measureWarm(server, figures, startedAt, samplerOff);
    if (!SKIP_JOBS && !samplerOff) {
      for (const [what, run] of [
        ["Kafka requeue", () => kafkaRequeue(server, "jobs-kafka", jobsKafka, JOB_MESSAGES)],
        ["Kafka replay", () => kafkaReplay(server, "jobs-kafka", jobsKafka, JOB_MESSAGES)],
        ["JetStream requeue", () => jetStreamRequeue(server, "jobs-nats", NATS, JOB_MESSAGES)],
        ["JetStream replay", () => jetStreamReplay(server, "jobs-nats", NATS, JOB_MESSAGES)],
        ["Redis Streams requeue", () => redisStreamsRequeue(server, "jobs-redis", REDIS_URL, JOB_MESSAGES)],
        ["RabbitMQ requeue", () => rabbitmqRequeue(server, "jobs-rabbitmq", RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL, JOB_MESSAGES)],
      ] as const) {
        if (!jobWanted(what)) continue;
        // A job that cannot run (a broker gone mid-run) is reported as such; the figures already
        // taken are still printed.
        const timing: JobTiming = await run().catch((error: unknown) => ({
          what, messages: JOB_MESSAGES, postMs: NaN, totalMs: NaN, msgPerSec: NaN, state: "bench error", done: 0, failed: 0, runMs: null,
          error: error instanceof Error ? error.message : String(error), readBack: 0, lost: JOB_MESSAGES, duplicated: 0,
        }));
        figures.jobs.push(timing);
        log(
          `  ${timing.what}: ${timing.state}, ${int(timing.done)} in ${(timing.totalMs / 1000).toFixed(1)} s = ${int(Math.round(timing.msgPerSec))} msg/s (POST ${ms(timing.postMs)}); read back ${int(timing.readBack)}, lost ${timing.lost}, duplicated ${timing.duplicated}${timing.error ? `; error: ${timing.error}` : ""}; load ${loadAverage()}`,
        );
      }
    }
  } finally {
    await server.stop();
    if (!SKIP_JOBS) await deleteBenchTopics(jobsKafka).catch((error) => log(`  could not delete the jobs' topics: ${String(error)}`));
  }
  figures.load.after = loadAverage();
  return figures;
}

const mark = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "MISSED");

function report(builds: BuildFigures[], facts: { started: string; loadStart: string; scale: string; peerStartMs?: number }): void {
  const names = listings("scale").map((listing) => listing.name);
  for (const b of builds) {
    const rows: (string | number)[][] = [];
    if (!JOBS_ONLY) {
      rows.push(["health p50 / p99 / max while sampling (100 ms poll)", `${ms(b.healthSampling.p50)} / ${ms(b.healthSampling.p99)} / ${ms(b.healthSampling.max)} (${b.healthSampling.n}, ${b.healthSampling.failed} failed)`, "p99 < 50 ms", mark(b.healthSampling.p99 < 50 && b.healthSampling.failed === 0)]);
      rows.push(["health p50 / p99 / max while listing", `${ms(b.healthListing.p50)} / ${ms(b.healthListing.p99)} / ${ms(b.healthListing.max)} (${b.healthListing.n})`, "p99 < 50 ms", mark(b.healthListing.p99 < 50)]);
      for (const name of names) {
        const warm = b.warm[name];
        const cold = b.cold[name] ?? [];
        rows.push([`${name}: warm p50 / p99`, `${ms(warm?.p50 ?? NaN)} / ${ms(warm?.p99 ?? NaN)} (${warm?.n ?? 0})`, "p99 < 100 ms", mark(warm ? warm.p99 < 100 : undefined)]);
        rows.push([`${name}: cold median / max (${cold.length} starts)`, `${ms(median(cold))} / ${ms(cold.length ? Math.max(...cold) : NaN)}`, "< 1 s", mark(cold.length ? Math.max(...cold) < 1_000 : undefined)]);
      }
      if (facts.peerStartMs !== undefined) rows.push([`${PEER_NAME}: spawn to its first answer`, ms(facts.peerStartMs), "(peer)", ""]);
      for (const [url, peer] of Object.entries(b.peer)) {
        rows.push([`${PEER_NAME} ${new URL(url).pathname}${new URL(url).search}: first / p50 / p99`, `${ms(peer.first)} / ${ms(peer.p50)} / ${ms(peer.p99)} (${peer.n})`, "(peer, same loop)", ""]);
      }
      for (const [url, error] of Object.entries(b.peerErrors)) rows.push([`${PEER_NAME} ${new URL(url).pathname}`, `error: ${error}`, "(peer)", ""]);
      rows.push(["sampling cycle (eventscope_sampler_cycle_seconds)", b.cycleMs.map((c) => ms(c)).join(", ") || "n/a", "< 1 s", mark(b.cycleMs.length ? Math.max(...b.cycleMs) < 1_000 : undefined)]);
      rows.push(["first cycle done after start", b.firstCycleS === undefined ? "n/a" : `${b.firstCycleS.toFixed(1)} s`, "", ""]);
      rows.push(["server start (spawn to health 200), median", ms(median(b.startMs)), "", ""]);
      rows.push(["RSS after the first cycles", b.rssWarmMb === undefined ? "n/a" : `${b.rssWarmMb.toFixed(0)} MB`, "< 300 MB", mark(b.rssWarmMb === undefined ? undefined : b.rssWarmMb < 300)]);
      if (b.idle) {
        rows.push([`CPU at idle over ${b.idle.seconds} s (no requests)`, `${b.idle.cpuPct.toFixed(1)} % of a core`, "< 10 %", mark(b.idle.cpuPct < 10)]);
        rows.push([`RSS after ${b.idle.seconds} s idle`, `${b.idle.rssMb.toFixed(0)} MB`, "< 300 MB", mark(b.idle.rssMb < 300)]);
      }
    }
    for (const job of b.jobs) {
      const target = job.what.toLowerCase().includes("jetstream") ? 2_000 : 5_000;
      const exact = job.state === "succeeded" && job.lost === 0 && job.duplicated === 0;
      rows.push([
        `${job.what}, ${int(job.messages)} msgs, POST to ${job.state}`,
        `${int(Math.round(job.msgPerSec))} msg/s (${(job.totalMs / 1000).toFixed(1)} s; lost ${job.lost}, duplicated ${job.duplicated})`,
        `>= ${int(target)} msg/s, 0 lost, 0 duplicated`,
        mark(exact && job.msgPerSec >= target),
      ]);
    }
    log(`\n#### ${b.label}: figures against the issue-17 targets (${facts.scale})\n`);
    log(table(["what", "figure", "target", ""], rows));
    log(`\nload average (1/5/15 min): ${b.load.before} at its start, ${b.load.after} at its end`);
  }
  const m = machine();
  log(`\nmachine: nproc ${os.cpus().length}, ${os.cpus()[0]?.model ?? "?"}, ${m.memory}, kernel ${m.kernel}, node ${m.node}`);
  log(`date: ${facts.started} to ${new Date().toISOString()}; load average at start ${facts.loadStart}, at end ${loadAverage()}`);
}

async function main() {
  const started = new Date().toISOString();
  const loadStart = loadAverage();
  const scale = `${int(TOPICS * PARTITIONS_PER_TOPIC)} partitions, ${int(GROUPS)} groups x ${int(TOPICS_PER_GROUP * PARTITIONS_PER_TOPIC)} committed partitions`;
  log(`\n## production server over HTTP (issue 17): ${JOBS_ONLY ? "jobs only" : scale}${SKIP_JOBS ? "" : `; requeue and replay of ${int(JOB_MESSAGES)} messages`}\n`);
  log(`machine: nproc ${os.cpus().length}, ${os.cpus()[0]?.model ?? "?"}; load average ${loadStart}; started ${started}`);

  ensureProductionBuild(log);
  const brokers = JOBS_ONLY
    ? []
    : process.env.BENCH_KAFKA_BROKERS
      ? process.env.BENCH_KAFKA_BROKERS.split(",").map((entry) => entry.trim())
      : (await ensureKafka({ port: KAFKA_PORT, controllerPort: num("BENCH_KAFKA_CONTROLLER_PORT", KAFKA_PORT + 1), heap: process.env.BENCH_KAFKA_HEAP, keepData: process.env.BENCH_KEEP_BROKER_DATA === "1", log })).brokers;
  if (brokers.some((broker) => /:9092$/.test(broker))) throw new Error("the scale data must not go to the shared broker on 9092: set BENCH_KAFKA_PORT or BENCH_KAFKA_BROKERS to another one");
  let jobsKafka: string[] = [];
  if (!SKIP_JOBS) {
    jobsKafka = process.env.BENCH_JOBS_KAFKA_BROKERS
      ? process.env.BENCH_JOBS_KAFKA_BROKERS.split(",").map((entry) => entry.trim())
      : (await ensureKafka({ port: 9092, controllerPort: 9093, log })).brokers;
  }
  if (!JOBS_ONLY) {
    log(`scale broker ${brokers.join(",")} (Kafka ${localKafkaVersion(brokers)}); building the data if missing ...`);
    const setup = performance.now();
    await ensureScaleData(brokers, { topics: TOPICS, groups: GROUPS, topicsPerGroup: TOPICS_PER_GROUP }, log);
    await ensureMessagesTopic(brokers);
    log(`data ready in ${((performance.now() - setup) / 1000).toFixed(0)} s`);
  }
  let peer: Peer | undefined;
  if (PEER_CMD && PEER_URLS.length > 0 && !JOBS_ONLY) {
    log(`${PEER_NAME}: starting (BENCH_PEER_CMD) ...`);
    peer = await startPeer(PEER_CMD, brokers, PEER_URLS[0], PEER_ACCEPT);
    log(`${PEER_NAME}: pid ${peer.pid} answered ${PEER_URLS[0]} ${ms(peer.startMs)} after spawn; log ${peer.logFile}`);
  }
  const clusters = [
    ...(JOBS_ONLY ? [] : [{ id: "scale", name: "Bench scale", kind: "kafka", brokers, samplingIntervalMs: INTERVAL_MS }]),
    ...(SKIP_JOBS ? [] : [
      { id: "jobs-kafka", name: "Jobs Kafka", kind: "kafka", brokers: jobsKafka },
      { id: "jobs-nats", name: "Jobs NATS", kind: "nats", servers: NATS },
      // Only the bench's own streams, so the jobs cluster does not sample whatever else the Redis holds.
      { id: "jobs-redis", name: "Jobs Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: "bench_srv_*" },
      // Sampled like any RabbitMQ cluster: every queue of vhost "/" (the machine's other queues too).
      rabbitJobsCluster("jobs-rabbitmq", RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL),
    ]),
  ];

  const builds: BuildFigures[] = [];
  // The sampler-off reference: the same server and data without sampling, so a noisy figure can be
  // read as a ratio to it (issue 17's targets allow that); no jobs, which need no reference.
  if (process.env.BENCH_REFERENCE === "sampler-off") builds.push(await measureBuild("sampler off (reference)", clusters, jobsKafka, { serverDir: process.env.BENCH_SERVER_DIR, samplerOff: true }));
  if (process.env.BENCH_BASELINE_DIR) builds.push(await measureBuild("baseline", clusters, jobsKafka, { serverDir: process.env.BENCH_BASELINE_DIR }));
  builds.push(await measureBuild("this build", clusters, jobsKafka, { serverDir: process.env.BENCH_SERVER_DIR }));

  await peer?.stop();
  tearDownBrokers();
  report(builds, { started, loadStart, scale: JOBS_ONLY ? `jobs only, ${int(JOB_MESSAGES)} messages` : scale, peerStartMs: peer?.startMs });
  printResult("server", { date: started, end: new Date().toISOString(), machine: machine(), nproc: os.cpus().length, scale: { topics: TOPICS, groups: GROUPS, topicsPerGroup: TOPICS_PER_GROUP }, healthSeconds: HEALTH_S, idleSeconds: IDLE_S, peer: PEER_NAME, builds });
  process.exit(0);
}

main().catch((error) => {
  console.error(`\n[bench] server failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1); // the exit hooks stop the server and the brokers this run started
});
