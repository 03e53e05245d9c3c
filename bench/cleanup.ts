// Deletes what the benchmarks created on the bench broker: topics `bench-*` and groups `bench-*`
// (BENCH_CLEANUP_PREFIX narrows it, e.g. `bench-list` for just the group-list benchmark's data, which
// lets `sampling` be re-run at 1,000 groups).
// (Simplest alternative for a brokers-up broker: `KAFKA_PORT=19092 bash scripts/brokers-down.sh`
// and `rm -rf .data/kafka-19092`.)
import { Kafka, logLevel } from "kafkajs";
import { int } from "./lib/common";
import { benchBrokers } from "./lib/kafka-fixture";

async function main() {
  const brokers = benchBrokers();
  const prefix = process.env.BENCH_CLEANUP_PREFIX ?? "bench-";
  const admin = new Kafka({ clientId: "eventscope-bench-cleanup", brokers, logLevel: logLevel.NOTHING, requestTimeout: 120_000 }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const groupIds = groups.map((group) => group.groupId).filter((id) => id.startsWith(prefix));
    for (let index = 0; index < groupIds.length; index += 1_000) await admin.deleteGroups(groupIds.slice(index, index + 1_000));
    console.log(`deleted ${int(groupIds.length)} groups`);
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    for (let index = 0; index < topics.length; index += 200) await admin.deleteTopics({ topics: topics.slice(index, index + 200), timeout: 120_000 });
    console.log(`deleted ${int(topics.length)} topics`);
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
