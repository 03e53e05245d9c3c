// The production server while it samples a large cluster, measured over HTTP as a user meets it
// (issue 17): 1,000 topics x 10 partitions and 2,000 groups x 30 committed partitions on the bench
// broker (built here if missing), `node .next/standalone/server.js` watching it every 5 s.
//   1. start, wait for the first cycle, then a warm-up; RSS after warm-up
//   2. GET /api/v1/health every 100 ms (requests started on a timer, not one after another, so a
//      stalled server shows as slow answers) for BENCH_HEALTH_SECONDS: p50 / p99 / max
//   3. cycle time: eventscope_sampler_cycle_seconds from /api/metrics, a few reads
//   4. idle: no requests for BENCH_IDLE_SECONDS; CPU % of one core from /proc/<pid>/stat; RSS after
// Targets: health p99 < 50 ms while sampling, cycle < 1 s, RSS < 300 MB, idle CPU < 10 % of a core.
//
//   npm run bench -- server-sampling
//   env: BENCH_KAFKA_BROKERS (a Kafka you run) or BENCH_KAFKA_PORT (19092: started here if nothing
//   listens there, stopped at the end; BENCH_KEEP_BROKER_DATA=1 keeps its data), BENCH_SCALE_TOPICS (1000), BENCH_SCALE_GROUPS
//   (2000), BENCH_SCALE_TOPICS_PER_GROUP (3), BENCH_WARMUP_SECONDS (30), BENCH_HEALTH_SECONDS (180),
//   BENCH_IDLE_SECONDS (120), BENCH_SAMPLER=off (the reference without a sampler), BENCH_SERVER_DIR
//   (another standalone build), BENCH_CPU_PROF=<dir> (node --cpu-prof of the server), BENCH_NODE_ARGS
//   (flags for the server's node, e.g. "--single-threaded-gc"), BENCH_SERVER_ENV (KEY=VALUE,... for it).
import { int, loadAverage, mb, median, ms, percentile, printHeader, printResult, sleep, table } from "./lib/common";
import { ensureKafka, tearDownBrokers } from "./lib/bench-broker";
import { benchBrokers, localKafkaVersion } from "./lib/kafka-fixture";
import { gauge, processCpuMsOf, processRss, readLoopDelay, startProductionServer, timedGet, type ProductionServer } from "./lib/production-server";
import { ensureScaleData } from "./lib/server-scale-data";

const TOPICS = Number(process.env.BENCH_SCALE_TOPICS ?? 1_000);
const GROUPS = Number(process.env.BENCH_SCALE_GROUPS ?? 2_000);
const TOPICS_PER_GROUP = Number(process.env.BENCH_SCALE_TOPICS_PER_GROUP ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const HEALTH_S = Number(process.env.BENCH_HEALTH_SECONDS ?? 180);
const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS ?? 120);
const INTERVAL_MS = 5_000;
const SAMPLER_OFF = process.env.BENCH_SAMPLER === "off";

async function cycleSeconds(server: ProductionServer): Promise<number | undefined> {
  const answer = await timedGet(server, "/api/metrics", 60_000);
  return answer.status === 200 ? gauge(answer.text, "eventscope_sampler_cycle_seconds") : undefined;
}

/** Starts a GET every `everyMs` for `seconds`, without waiting for earlier ones; their latencies. */
async function pollHealth(server: ProductionServer, seconds: number, everyMs: number): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    pending.push(
      timedGet(server, "/api/v1/health", 30_000).then((answer) => {
        if (answer.status === 200) latencies.push(answer.ms);
        else failures++;
      }),
    );
    await sleep(everyMs);
  }
  await Promise.all(pending);
  return { latencies, failures };
}

async function main() {
  // A Kafka you run (BENCH_KAFKA_BROKERS), or the one on BENCH_KAFKA_PORT (19092), started here when
  // nothing listens there and stopped at the end (bench/lib/bench-broker.ts, as bench/server.ts does).
  const port = Number(process.env.BENCH_KAFKA_PORT ?? 19092);
  const brokers = process.env.BENCH_KAFKA_BROKERS
    ? benchBrokers()
    : (await ensureKafka({ port, controllerPort: Number(process.env.BENCH_KAFKA_CONTROLLER_PORT ?? port + 1), heap: process.env.BENCH_KAFKA_HEAP, keepData: process.env.BENCH_KEEP_BROKER_DATA === "1", log: (line) => console.log(line) })).brokers;
  printHeader(
    `production server sampling ${int(TOPICS * 10)} partitions and ${int(GROUPS)} groups x ${int(TOPICS_PER_GROUP * 10)} partitions every 5 s (${brokers.join(",")}, Kafka ${localKafkaVersion(brokers)})${SAMPLER_OFF ? ", SAMPLER OFF" : ""}`,
  );
  if (process.env.BENCH_SKIP_SETUP !== "1") {
    await ensureScaleData(brokers, { topics: TOPICS, groups: GROUPS, topicsPerGroup: TOPICS_PER_GROUP }, (line) => console.log(line));
  }
  const startedAt = performance.now();
  const server = await startProductionServer({
    name: "sampling",
    clusters: [{ id: "bench-scale", name: "Bench scale", kind: "kafka", brokers, samplingIntervalMs: INTERVAL_MS }],
    env: {
      ...(SAMPLER_OFF ? { EVENTSCOPE_SAMPLER: "off" } : {}),
      ...Object.fromEntries((process.env.BENCH_SERVER_ENV ?? "").split(",").filter((pair) => pair.includes("=")).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
    },
    nodeArgs: [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      // Extra node/V8 flags for the server, e.g. --single-threaded-gc.
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ").filter(Boolean) : []),
    ],
  });
  const startMs = performance.now() - startedAt;
  console.log(`server pid ${server.pid} answered /api/v1/health after ${ms(startMs)}; log ${server.logFile}`);
  try {
    let firstCycle: number | undefined;
    if (!SAMPLER_OFF) {
      const deadline = Date.now() + 180_000;
      while ((firstCycle = await cycleSeconds(server)) === undefined && Date.now() < deadline) await sleep(1_000);
      console.log(`first cycle done ${((performance.now() - startedAt) / 1000).toFixed(1)} s after start (its cycle ${firstCycle?.toFixed(2)} s)`);
    }
    await sleep(WARMUP_S * 1000);
    const rssWarm = processRss(server.pid);
    console.log(`RSS after ${WARMUP_S} s warm-up: ${mb(rssWarm)}; load ${loadAverage()}`);

    await readLoopDelay(server); // starts a new event-loop delay window
    const loadBefore = loadAverage();
    const cpuBefore = processCpuMsOf(server.pid);
    const pollStart = Date.now();
    const health = await pollHealth(server, HEALTH_S, 100);
    const pollCpu = ((processCpuMsOf(server.pid) - cpuBefore) / (Date.now() - pollStart)) * 100;
    const loadDuring = loadAverage();
    const loopDelay = await readLoopDelay(server);
    const cycles: number[] = [];
    if (!SAMPLER_OFF) {
      for (let k = 0; k < 3; k++) {
        const seconds = await cycleSeconds(server);
        if (seconds !== undefined) cycles.push(seconds * 1000);
        await sleep(INTERVAL_MS);
      }
    }
    const rssAfterPoll = processRss(server.pid);

    const idleCpuStart = processCpuMsOf(server.pid);
    const idleStart = Date.now();
    await sleep(IDLE_S * 1000);
    const idleCpu = ((processCpuMsOf(server.pid) - idleCpuStart) / (Date.now() - idleStart)) * 100;
    const rssIdle = processRss(server.pid);
    // Where the memory is, on builds that export each thread's heap (sampler worker: thread="sampler").
    const heapLines = SAMPLER_OFF ? [] : (await timedGet(server, "/api/metrics", 60_000)).text.split("\n").filter((line) => line.startsWith("eventscope_heap_bytes"));
    if (heapLines.length) console.log(`heaps after the idle minutes (MB): ${heapLines.map((line) => line.replace(/^eventscope_heap_bytes/, "").replace(/ (\d+)$/, (_m, n) => ` ${(Number(n) / 2 ** 20).toFixed(0)}`)).join(", ")}`);
    const minutes = ((performance.now() - startedAt) / 60_000).toFixed(1);

    const l = health.latencies;
    console.log(
      "\n" +
        table(
          ["what", "figure", "target"],
          [
            ["health requests (every 100 ms)", `${int(l.length)} ok, ${health.failures} failed`, ""],
            ["health p50 / p99 / max", `${ms(median(l))} / ${ms(percentile(l, 99))} / ${ms(Math.max(...l))}`, "p99 < 50 ms"],
            [
              "server event-loop delay while polled p50 / p99 / max",
              loopDelay ? `${ms(loopDelay.p50)} / ${ms(loopDelay.p99)} / ${ms(loopDelay.max)}` : "n/a (build without the metric)",
              "",
            ],
            ["sampling cycle (eventscope_sampler_cycle_seconds)", cycles.length ? cycles.map((c) => ms(c)).join(", ") : "n/a", "< 1 s"],
            ["server CPU while polled", `${pollCpu.toFixed(0)} % of a core`, ""],
            [`server CPU at idle (${IDLE_S} s, no requests)`, `${idleCpu.toFixed(1)} % of a core`, "< 10 %"],
            [`RSS after ${WARMUP_S} s warm-up / after polling / after ${minutes} min`, `${mb(rssWarm)} / ${mb(rssAfterPoll)} / ${mb(rssIdle)}`, "< 300 MB"],
            ["load average before / during / end", `${loadBefore} | ${loadDuring} | ${loadAverage()}`, ""],
          ],
        ),
    );
    printResult("server-sampling", {
      samplerOff: SAMPLER_OFF,
      partitions: TOPICS * 10,
      groupPartitions: GROUPS * TOPICS_PER_GROUP * 10,
      startMs: Math.round(startMs),
      firstCycleS: firstCycle,
      healthN: l.length,
      healthFailures: health.failures,
      healthP50: Number(median(l).toFixed(1)),
      healthP99: Number(percentile(l, 99).toFixed(1)),
      healthMax: Number(Math.max(...l).toFixed(1)),
      cycleMs: cycles.map(Math.round),
      loopDelayMs: loopDelay,
      pollCpuPct: Number(pollCpu.toFixed(1)),
      idleCpuPct: Number(idleCpu.toFixed(1)),
      rssWarmMB: Math.round(rssWarm / 2 ** 20),
      rssAfterPollMB: Math.round(rssAfterPoll / 2 ** 20),
      rssIdleMB: Math.round(rssIdle / 2 ** 20),
      minutes: Number(minutes),
      load: loadAverage(),
    });
  } finally {
    await server.stop();
    tearDownBrokers();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
