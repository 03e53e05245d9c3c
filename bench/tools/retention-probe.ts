// Not a benchmark: shows when a broker's time-based retention removes messages whose timestamps are
// older than retention.ms (7 days by default). The Kafka connector integration test produces records
// stamped 2026-01-01, so a retention check that runs during the test empties the topic.
// Usage: node --import tsx bench/tools/retention-probe.ts 127.0.0.1:19092 [seconds]
import { Kafka, logLevel } from "kafkajs";

const brokers = (process.argv[2] ?? "127.0.0.1:19092").split(",");
const seconds = Number(process.argv[3] ?? 400);
const kafka = new Kafka({ clientId: "retention-probe", brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer();
const topic = `retention-probe-${Date.now()}`;

async function main() {
  await admin.connect();
  await producer.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, timestamp: String(Date.UTC(2026, 0, 1) + i) })) });
  const stamp = () => new Date().toISOString();
  console.log(`${stamp()} produced 10 records stamped 2026-01-01 to ${topic}`);
  let last = "";
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const [p] = await admin.fetchTopicOffsets(topic);
    const now = `low=${p.low} high=${p.high}`;
    if (now !== last) console.log(`${stamp()} ${now}`);
    last = now;
    if (p.low === p.high && p.high !== "0") break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
