// Benchmark: serverless mode's cold start (lib/metrics/serverless/sample-on-read.ts). A new function
// instance has no sampler memory: it decodes the cluster's stored snapshots (RawSample: at most the
// newest dozen and one a minute back to an hour, ~72) and replays them through the sampler's
// derivation before it can answer (the older ones give only their log ends, replay-log-ends.ts).
// This measures that replay (and, for comparison, deriving every one), and the stored size of one snapshot,
// at 100 / 1,000 / 10,000 partitions with as many groups x 10 partitions as topics (synthetic, no
// broker, no database: the database read of ~72 rows comes on top).
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { RAW_SAMPLE_RETENTION } from "@/lib/metrics/serverless/raw-sample-retention";
import { FULL_REPLAY_SAMPLES, replayLogEnds } from "@/lib/metrics/serverless/replay-log-ends";
import { decodeSnapshot, encodeSnapshot } from "@/lib/metrics/serverless/snapshot-codec";
import { PARTITIONS_PER_TOPIC, SyntheticCluster } from "./lib/synthetic";
import { gcNow, int, median, ms, printHeader, printResult, table } from "./lib/common";

const SCALES = (process.env.BENCH_SCALES ?? "10,100,1000").split(",").map(Number); // topics (= groups)
const STORED = RAW_SAMPLE_RETENTION.keepNewest + 60; // the most a cluster keeps
const RUNS = Number(process.env.BENCH_REPLAY_RUNS ?? 3);

async function replay(rows: Uint8Array[], full: boolean): Promise<number> {
  let pending: ClusterSnapshot | undefined;
  const sampler = new ClusterSampler({ id: "bench-replay", name: "bench", kind: "kafka", brokers: ["127.0.0.1:1"] }, new LiveBus(1), {
    connector: () => ({ snapshot: async () => pending! }) as never,
    onSuccess: () => undefined,
    onFailure: (error) => {
      throw error;
    },
  });
  const started = performance.now();
  // As sample-on-read.ts does: the older snapshots give their log ends, the newest are derived.
  const cut = full ? 0 : Math.max(0, rows.length - FULL_REPLAY_SAMPLES);
  for (const row of rows.slice(0, cut)) replayLogEnds(sampler.book, decodeSnapshot(row)!);
  for (const row of rows.slice(cut)) {
    pending = decodeSnapshot(row);
    if (!(await sampler.sampleOnce())) throw new Error("replay failed");
  }
  return performance.now() - started;
}

async function main() {
  printHeader(`serverless cold start: decode + replay of ${STORED} stored snapshots`);
  const rows: (string | number)[][] = [];
  const results: unknown[] = [];
  for (const topics of SCALES) {
    const cluster = new SyntheticCluster(topics, topics, 5_000);
    const snapshots = Array.from({ length: STORED }, () => cluster.next());
    const encodeTimes: number[] = [];
    const encoded = snapshots.map((snapshot) => {
      const t0 = performance.now();
      const bytes = encodeSnapshot(snapshot);
      encodeTimes.push(performance.now() - t0);
      return bytes;
    });
    const jsonBytes = JSON.stringify(snapshots.at(-1)).length;
    const storedBytes = median(encoded.map((bytes) => bytes.byteLength));
    const replays: number[] = [];
    const fullReplays: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      gcNow();
      replays.push(await replay(encoded, false));
      gcNow();
      fullReplays.push(await replay(encoded, true));
    }
    const partitions = topics * PARTITIONS_PER_TOPIC;
    const result = { partitions, groups: topics, storedSnapshots: STORED, jsonBytes, storedBytes, encodeMs: median(encodeTimes), replayMs: median(replays), everyOneDerivedMs: median(fullReplays) };
    results.push(result);
    rows.push([int(partitions), int(topics), `${int(Math.round(jsonBytes / 1024))} KB`, `${int(Math.round(storedBytes / 1024))} KB`, ms(median(encodeTimes)), ms(median(replays)), ms(median(fullReplays))]);
  }
  console.log(table(["partitions", "groups", "snapshot JSON", "stored (gzip)", "encode (median)", `cold-start replay (median of ${RUNS})`, `if every one were derived`], rows));
  printResult("serverless-replay", results);
}

void main();
