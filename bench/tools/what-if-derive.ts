// Experiment, not a benchmark of shipped code: deriveCycle's CPU time with a full hour of history
// at 10,000 partitions and 1,000 groups x 10, shipped SeriesBook.lastPoints (materialises all 721
// samples, then slices) against one that walks back only n samples. The book is filled directly
// (series values written as deriveCycle writes them), so this takes seconds, not the 14 minutes of
// `npm run bench -- memory`; then cycles alternate between the two variants in one process.
// Usage: node --expose-gc --conditions=react-server --import tsx bench/tools/what-if-derive.ts
import { deriveCycle, type CommitTracker } from "@/lib/metrics/derive-cycle";
import { SeriesBook } from "@/lib/metrics/ring-series";
import { keys } from "@/lib/metrics/series-keys";
import { gcNow, loadAverage, median, ms, table } from "../lib/common";
import { SyntheticCluster, patchLastPoints } from "../lib/synthetic";

const INTERVAL_MS = 5_000;
const CAPACITY = Math.ceil((60 * 60 * 1000) / INTERVAL_MS) + 1;
const RUNS = Number(process.env.BENCH_CYCLES ?? 10);

async function main() {
  const cluster = new SyntheticCluster(1_000, 1_000, INTERVAL_MS);
  const book = new SeriesBook(CAPACITY);
  const commits: CommitTracker = new Map();
  const started = performance.now();
  for (let cycle = 0; cycle < CAPACITY; cycle++) {
    const snapshot = cluster.next();
    book.beginSample(snapshot.at);
    for (const topic of snapshot.topics) {
      let total = 0;
      for (const p of topic.partitions) {
        book.set(keys.partitionHigh(topic.name, p.partition), p.high);
        total += p.high;
      }
      book.set(keys.topicHigh(topic.name), total);
      book.set(keys.topicRate(topic.name), 10);
    }
    book.set(keys.clusterRate(), 1_000);
    for (const consumer of snapshot.consumers) {
      for (const p of consumer.partitions) {
        book.set(keys.partitionLag(consumer.group, p.topic, p.partition), p.lag);
        if (p.committed !== null) book.set(keys.committed(consumer.group, p.topic, p.partition), p.committed);
      }
      book.set(keys.groupLag(consumer.group), consumer.lag);
      book.set(keys.groupLagSeconds(consumer.group), 1);
    }
  }
  console.log(`filled ${book.size} series x ${CAPACITY} samples in ${((performance.now() - started) / 1000).toFixed(1)} s; load ${loadAverage()}`);

  const shipped: number[] = [];
  const patched: number[] = [];
  for (let run = 0; run < RUNS * 2; run++) {
    const fast = run % 2 === 1;
    const undo = fast ? patchLastPoints() : () => undefined;
    const snapshot = cluster.next();
    gcNow();
    const t0 = performance.now();
    deriveCycle(book, snapshot, commits, { intervalMs: INTERVAL_MS });
    (fast ? patched : shipped).push(performance.now() - t0);
    undo();
  }
  console.log(
    table(
      ["deriveCycle, 10,000 partitions + 1,000 groups x 10, 1 h history", "median", "runs"],
      [
        ["shipped SeriesBook.lastPoints (full scan + slice)", ms(median(shipped)), shipped.map((value) => value.toFixed(0)).join(", ")],
        ["lastPoints walking back n samples (experiment)", ms(median(patched)), patched.map((value) => value.toFixed(0)).join(", ")],
      ],
    ),
  );
  console.log(`load ${loadAverage()}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
