// A requeue that can be killed mid-way, for tests/integration/redis-streams-ops.test.ts: requeues the
// dead-letter entries named in RQ_IDS (comma-separated) from RQ_DLQ to RQ_TARGET in small batches with
// a pause between them, printing "batch <n>" after each, so the test can kill -9 it part way.
// Run with: npx tsx --conditions=react-server tests/support/redis-requeue-worker.ts
import Redis from "ioredis";
import { requeueEntries } from "../../lib/brokers/redis-streams/redis-dead-letter";

const redis = new Redis(process.env.RQ_URL ?? "redis://127.0.0.1:6379");
const ids = (process.env.RQ_IDS ?? "").split(",").filter(Boolean);
const batch = Number(process.env.RQ_BATCH ?? 20);
const pauseMs = Number(process.env.RQ_PAUSE_MS ?? 200);

async function main() {
  for (let i = 0; i < ids.length; i += batch) {
    await requeueEntries(
      redis,
      process.env.RQ_DLQ!,
      process.env.RQ_TARGET!,
      ids.slice(i, i + batch).map((dlqId) => ({ dlqId, requeueId: `rq-${dlqId}` })),
    );
    process.stdout.write(`batch ${i / batch + 1}\n`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  process.stdout.write("done\n");
  redis.disconnect();
}
void main();
