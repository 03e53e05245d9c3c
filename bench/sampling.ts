// Benchmark (a): one sampling cycle against a real Kafka at growing scale.
// For each scale: topics of 10 partitions with 3 messages per partition, groups with committed
// offsets on one topic each (10 partitions per group). Then ~10 cycles of
// `new KafkaConnector(config).snapshot()` + `deriveCycle`, as the ClusterSampler runs them.
// Target (PRODUCT.md, "Targets"): under 1 s per cycle at 10,000 partitions and 1,000 groups, with batched
// broker requests (not one per partition).
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { deriveCycle, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { createSeriesBook } from "@/lib/metrics/sampler";
import {
  countKafkaRequests,
  gcNow,
  int,
  kafkaJvmCpuMs,
  kafkaJvmRss,
  loadAverage,
  mb,
  median,
  ms,
  percentile,
  printHeader,
  printResult,
  processCpuMs,
  sleep,
  table,
} from "./lib/common";
import { KafkaFixture, benchBrokers, benchGroup, benchTopic, localKafkaVersion } from "./lib/kafka-fixture";

const PARTITIONS_PER_TOPIC = 10;
const MESSAGES_PER_PARTITION = 3;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 10);
const GAP_MS = Number(process.env.BENCH_CYCLE_GAP_MS ?? 500);

function scales(): { partitions: number; groups: number }[] {
  return (process.env.BENCH_SCALES ?? "100:10,1000:100,10000:1000").split(",").map((entry) => {
    const [partitions, groups] = entry.split(":").map(Number);
    return { partitions, groups };
  });
}

async function main() {
  const brokers = benchBrokers();
  const kafkaVersion = localKafkaVersion(brokers);
  printHeader(`sampling cycle against real Kafka (${brokers.join(",")}, Kafka ${kafkaVersion})`);
  const counter = countKafkaRequests();
  const rows: (string | number)[][] = [];
  const results: unknown[] = [];
  const log = (line: string) => console.log(line);

  for (const scale of scales()) {
    const topicCount = Math.ceil(scale.partitions / PARTITIONS_PER_TOPIC);
    console.log(`### ${int(scale.partitions)} partitions (${int(topicCount)} topics x ${PARTITIONS_PER_TOPIC}), ${int(scale.groups)} groups`);
    const fixture = new KafkaFixture(brokers);
    await fixture.connect();
    const topics = await fixture.ensureTopics(topicCount, PARTITIONS_PER_TOPIC, MESSAGES_PER_PARTITION, log);
    if (topics.created > 0) {
      console.log(
        `  setup: created ${int(topics.created)} topics (${int(topics.created * PARTITIONS_PER_TOPIC)} partitions) in ${topics.createSeconds.toFixed(1)} s, produced in ${topics.produceSeconds.toFixed(1)} s`,
      );
    }
    const groups = await fixture.ensureGroups(
      Array.from({ length: scale.groups }, (_, index) => ({
        groupId: benchGroup(index),
        topic: benchTopic(index % topicCount),
        partitions: Array.from({ length: PARTITIONS_PER_TOPIC }, (__, partition) => partition),
        offset: 1, // 2 of the 3 messages per partition outstanding
      })),
      log,
    );
    if (groups.created > 0) console.log(`  setup: committed offsets for ${int(groups.created)} groups in ${groups.seconds.toFixed(1)} s`);
    await fixture.close(); // its clients hold metadata too; measure the connector alone
    gcNow();
    await sleep(2_000); // let the broker settle after setup

    const connector = new KafkaConnector({ id: "bench", name: "bench", kind: "kafka", brokers });
    const book = createSeriesBook(5_000); // as ClusterSampler sizes it at the default interval
    const commits: CommitTracker = newCommitTracker();
    const load = loadAverage();

    // Cold cycle: connects, fetches metadata for the first time.
    counter.reset();
    counter.active = true;
    let started = performance.now();
    let snapshot = await connector.snapshot();
    const coldSnapshotMs = performance.now() - started;
    counter.active = false;
    const coldRequests = counter.counts();
    deriveCycle(book, snapshot, commits, { intervalMs: 5_000 });
    const snapshotPartitions = snapshot.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
    const snapshotGroups = snapshot.consumers.length;
    const groupPartitions = snapshot.consumers.reduce((sum, consumer) => sum + consumer.partitions.length, 0);

    if (snapshotPartitions > scale.partitions * 1.05 + 10 || snapshotGroups > scale.groups * 1.05 + 5) {
      console.log(
        `  WARNING: the broker holds more than this scale (${int(snapshotPartitions)} partitions, ${int(snapshotGroups)} groups): the snapshot covers the whole cluster, so these figures are for that. Run on a fresh broker (docs/benchmarks.md).`,
      );
    }
    const snapshotMs: number[] = [];
    const deriveMs: number[] = [];
    const cycleMs: number[] = [];
    let maxRss = 0;
    let perCycleRequests: Record<string, number> = {};
    let spans: Record<string, number> = {};
    const nodeCpuMs: number[] = [];
    const kafkaCpuMs: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await sleep(GAP_MS);
      counter.reset();
      counter.active = true;
      const cpu0 = processCpuMs();
      const kafkaCpu0 = kafkaJvmCpuMs(brokers);
      started = performance.now();
      snapshot = await connector.snapshot();
      const fetched = performance.now();
      counter.active = false;
      deriveCycle(book, snapshot, commits, { intervalMs: 5_000 });
      const derived = performance.now();
      nodeCpuMs.push(processCpuMs() - cpu0);
      const kafkaCpu1 = kafkaJvmCpuMs(brokers);
      if (kafkaCpu0 !== undefined && kafkaCpu1 !== undefined) kafkaCpuMs.push(kafkaCpu1 - kafkaCpu0);
      snapshotMs.push(fetched - started);
      deriveMs.push(derived - fetched);
      cycleMs.push(derived - started);
      perCycleRequests = counter.counts();
      spans = counter.spans();
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
    await connector.close();
    gcNow();
    const rssAfterGc = process.memoryUsage().rss;
    const requests = Object.values(perCycleRequests).reduce((sum, count) => sum + count, 0);
    const jvm = kafkaJvmRss(brokers);
    const target = scale.partitions >= 10_000 && scale.groups >= 1_000 ? "< 1 s" : "(< 1 s at 10k/1k)";
    rows.push([
      int(snapshotPartitions),
      int(snapshotGroups),
      ms(coldSnapshotMs),
      ms(median(snapshotMs)),
      ms(median(deriveMs)),
      ms(median(cycleMs)),
      ms(percentile(cycleMs, 95)),
      ms(median(nodeCpuMs)),
      kafkaCpuMs.length > 0 ? ms(median(kafkaCpuMs)) : "?",
      int(requests),
      mb(maxRss),
      jvm ? mb(jvm) : "?",
      load,
      target,
    ]);
    console.log(`  cold first snapshot ${ms(coldSnapshotMs)}; requests: ${JSON.stringify(coldRequests)}`);
    console.log(`  cycles (${CYCLES}): ${cycleMs.map((value) => value.toFixed(0)).join(", ")} ms`);
    console.log(
      `  CPU per cycle: Node ${nodeCpuMs.map((value) => value.toFixed(0)).join(", ")} ms; Kafka JVM ${kafkaCpuMs.map((value) => value.toFixed(0)).join(", ")} ms`,
    );
    console.log(`  requests in one warm cycle: ${JSON.stringify(perCycleRequests)}`);
    console.log(`  per API, first request to last response (ms): ${JSON.stringify(spans)}`);
    console.log(`  group-partitions in snapshot: ${int(groupPartitions)}; RSS max ${mb(maxRss)}, after GC ${mb(rssAfterGc)}\n`);
    results.push({
      ...scale,
      snapshotPartitions,
      snapshotGroups,
      groupPartitions,
      setup: { topicsCreated: topics.created, createSeconds: topics.createSeconds, produceSeconds: topics.produceSeconds, groupsCreated: groups.created, groupSeconds: groups.seconds },
      coldSnapshotMs,
      coldRequests,
      snapshotMs,
      deriveMs,
      cycleMs,
      nodeCpuMs,
      kafkaCpuMs,
      requests: perCycleRequests,
      spans,
      maxRss,
      rssAfterGc,
      jvmRss: jvm,
      load,
    });
  }

  console.log(
    table(
      [
        "partitions",
        "groups",
        "cold 1st snapshot",
        "snapshot median",
        "derive median",
        "cycle median",
        "cycle p95",
        "Node CPU / cycle",
        "Kafka CPU / cycle",
        "requests / cycle",
        "process RSS (max)",
        "Kafka JVM RSS",
        "load avg 1/5/15",
        "target",
      ],
      rows,
    ),
  );
  printResult("sampling", { kafkaVersion, brokers, cycles: CYCLES, results });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
