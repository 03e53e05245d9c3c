// One "function instance" for tests/integration/serverless-mode.test.ts: a separate Node process with
// its own memory that waits until START_AT (epoch ms), calls sampleOnRead(CLUSTER) once, and prints
// the outcome as JSON. Several started together race for the cluster's sampling lease.
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { disconnectDb, getDb } from "@/lib/db";

async function main() {
  await getDb(); // connect (and find the migrations applied) before the start line
  const wait = Number(process.env.START_AT) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const outcome = await sampleOnRead(process.env.CLUSTER!);
  console.log(JSON.stringify({ outcome }));
  await disconnectDb();
  process.exit(0);
}

void main();
