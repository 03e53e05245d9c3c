// `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>...]` runs the named ones.
// Each runs in its own Node process (so RSS figures are its own) with --expose-gc, and with the
// "react-server" export condition so that lib/ modules marked `import "server-only"` load outside
// Next.js (the same trick vitest does with an alias). They print figures next to their targets;
// they are not tests and assert nothing. See docs/benchmarks.md.
import { spawnSync } from "node:child_process";

const BENCHMARKS: Record<string, { file: string; about: string; default: boolean }> = {
  memory: { file: "bench/memory.ts", about: "RSS with 1 h of history, 10,000 partitions + 1,000 groups (synthetic, no broker)", default: true },
  sampling: { file: "bench/sampling.ts", about: "sampling cycle at 100 / 1,000 / 10,000 partitions against real Kafka", default: true },
  "group-list": { file: "bench/group-list.ts", about: "first page of the consumer-group list at 10,000 groups (real Kafka)", default: true },
  requeue: { file: "bench/requeue.ts", about: "DLQ requeue of 100,000 messages, Kafka and JetStream: msg/s, lost, duplicated", default: true },
  "idempotency-redis": { file: "bench/idempotency-redis.ts", about: "idempotency store views over 1,000,000 Redis keys (real Redis)", default: false },
  "serverless-replay": { file: "bench/serverless-replay.ts", about: "serverless cold start: decode + replay of ~72 stored snapshots at 100 / 1,000 / 10,000 partitions (synthetic)", default: false },
  "live-latency": { file: "bench/live-latency.ts", about: "event produced -> figure updated in Chromium at 1 s sampling (production build, local Kafka on 9092)", default: false },
  "redis-streams": { file: "bench/redis-streams.ts", about: "Redis Streams: sampling cycle at 1,000 streams x 3 groups (vs. per-stream round trips; real Redis)", default: false },
  "rabbitmq-requeue": { file: "bench/rabbitmq-requeue.ts", about: "RabbitMQ: requeue of 100,000 dead letters (real consumer's nack) to the original exchange: msg/s, lost, duplicated (real RabbitMQ)", default: false },
  "rabbitmq-sampling": { file: "bench/rabbitmq-sampling.ts", about: "RabbitMQ: one sampling cycle (management API listings + dead-letter topology) at 1,000 queues, baseline 10 (real RabbitMQ, own vhosts)", default: false },
  search: { file: "bench/search.ts", about: "server-side message search: msg/s scanned over 1,000,000 messages, Kafka and JetStream (needle absent)", default: true },
  "server-sampling": { file: "bench/server-sampling.ts", about: "production server over HTTP while sampling 10,000 partitions + 2,000 groups x 30: health p50/p99, cycle, RSS, idle CPU (own broker on 19092)", default: false },
  server: { file: "bench/server.ts", about: "issue 17, from a clean clone: builds if needed, starts its own Kafka (BENCH_KAFKA_PORT, 19092) with 10,000 partitions + 2,000 groups x 30, the production server over HTTP: health while sampling, listings warm/cold, cycle, idle CPU/RSS (BENCH_IDLE_SECONDS, 600), requeue/replay of 100,000 msgs Kafka + JetStream, a peer beside it (BENCH_PEER_URL); env in bench/server.ts", default: false },
  load: { file: "bench/load.ts", about: "production server: 100 SSE clients + 50 mixed API requests/s for 2 min (dev brokers 9092 + 4222): p99 per route, health p99, RSS after", default: false },
  "sign-in-spray": { file: "bench/sign-in-spray.ts", about: "wrong sign-ins at 7/s (rotating and single address) vs. API latency (production build)", default: false },
  cleanup: { file: "bench/cleanup.ts", about: "delete the bench-* topics and groups from the bench broker", default: false },
};

function usage(): never {
  console.log("usage: npm run bench [-- <name> ...]\n");
  for (const [name, { about, default: byDefault }] of Object.entries(BENCHMARKS)) {
    console.log(`  ${name.padEnd(18)} ${about}${byDefault ? "" : " (only when named)"}`);
  }
  console.log("\nenv: BENCH_KAFKA_BROKERS (default 127.0.0.1:19092), BENCH_SCALES, BENCH_CYCLES, BENCH_LIST_GROUPS, BENCH_MEMORY_CYCLES,\n     BENCH_REQUEUE_COUNT, BENCH_REQUEUE_ONLY (kafka | nats),\n     BENCH_SEARCH_COUNT, BENCH_SEARCH_ONLY (kafka | nats), BENCH_SEARCH_RUNS, BENCH_NATS_SERVERS, BENCH_REDIS_URL, BENCH_IDEMPOTENCY_KEYS");
  process.exit(64);
}

const args = process.argv.slice(2).filter((arg) => arg !== "--");
if (args.includes("-h") || args.includes("--help")) usage();
const names = args.length > 0 ? args : Object.keys(BENCHMARKS).filter((name) => BENCHMARKS[name].default);
for (const name of names) if (!BENCHMARKS[name]) {
  console.error(`unknown benchmark "${name}"\n`);
  usage();
}

let failed = 0;
for (const name of names) {
  const { file } = BENCHMARKS[name];
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--expose-gc", "--conditions=react-server", "--import", "tsx", file], {
    stdio: "inherit",
    env: process.env,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    failed++;
    console.error(`\n[bench] ${name} exited with ${result.status ?? result.signal} after ${seconds} s`);
  } else {
    console.log(`\n[bench] ${name} done in ${seconds} s`);
  }
}
process.exit(failed > 0 ? 1 : 0);
