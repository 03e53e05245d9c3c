// RabbitMQ: one sampling cycle (connector.snapshot(): one GET /api/queues with the cycle's columns,
// /api/exchanges, /api/bindings, then the dead-letter topology) at 1,000 queues, against the real
// local RabbitMQ; baseline in the same run: the same cycle at 10 queues. Each scale gets its own
// vhost (made here, deleted at the end) with 1 message per queue and every tenth queue dead-lettering
// into a DLQ. Target (issue 13): under 500 ms at 1,000 queues. Prints figures; asserts nothing.
//   npm run bench -- rabbitmq-sampling     env: BENCH_RABBITMQ_URL, BENCH_RABBITMQ_MANAGEMENT_URL, BENCH_CYCLES
import { connect } from "amqplib";
import os from "node:os";
import { RabbitmqConnector } from "@/lib/brokers/rabbitmq/rabbitmq-connector";

const URL_ = process.env.BENCH_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
const MGMT = process.env.BENCH_RABBITMQ_MANAGEMENT_URL ?? "http://127.0.0.1:15672";
const CYCLES = Number(process.env.BENCH_CYCLES ?? 15);
const credentials = new URL(URL_);
const auth = `Basic ${Buffer.from(`${decodeURIComponent(credentials.username || "guest")}:${decodeURIComponent(credentials.password || "guest")}`).toString("base64")}`;

async function management(method: string, path: string, body?: unknown) {
  const response = await fetch(`${MGMT}${path}`, { method, headers: { authorization: auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${path}: ${response.status}`);
  return response;
}

async function makeVhost(vhost: string, queues: number) {
  await management("PUT", `/api/vhosts/${encodeURIComponent(vhost)}`, {});
  await management("PUT", `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(decodeURIComponent(credentials.username || "guest"))}`, { configure: ".*", write: ".*", read: ".*" });
  const model = await connect(`${URL_.replace(/\/$/, "")}/${encodeURIComponent(vhost)}`);
  const channel = await model.createConfirmChannel();
  await channel.assertExchange("dlx", "direct", { durable: false });
  await channel.assertQueue("q.dlq", { durable: false });
  await channel.bindQueue("q.dlq", "dlx", "dead");
  for (let index = 0; index < queues; index++) {
    const name = `q.${String(index).padStart(5, "0")}`;
    await channel.assertQueue(name, { durable: false, arguments: index % 10 === 0 ? { "x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "dead" } : {} });
    channel.sendToQueue(name, Buffer.from(`m${index}`));
  }
  await channel.waitForConfirms();
  await model.close();
}

async function waitListed(vhost: string, queues: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const rows = (await (await management("GET", `/api/queues/${encodeURIComponent(vhost)}?columns=name,messages`)).json()) as { messages?: number }[];
    if (rows.length >= queues + 1 && rows.every((row) => row.messages === 1 || row.messages === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function measure(scale: number): Promise<string> {
  const vhost = `bench-rmq-${scale}-${process.pid}`;
  try {
    await makeVhost(vhost, scale);
    await waitListed(vhost, scale);
    const connector = new RabbitmqConnector({ id: `bench-${scale}`, name: "bench", kind: "rabbitmq", url: URL_, managementUrl: MGMT, vhosts: [vhost] });
    const times: number[] = [];
    let topics = 0;
    let dlqs = 0;
    await connector.snapshot(); // warm: connections, JIT
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const started = performance.now();
      const snapshot = await connector.snapshot();
      times.push(performance.now() - started);
      topics = snapshot.topics.length;
    }
    dlqs = (await connector.deadLetterQueues()).length;
    await connector.close();
    return `${String(scale).padStart(5)} queues (+1 DLQ): cycle p50 ${quantile(times, 0.5).toFixed(0)} ms, p90 ${quantile(times, 0.9).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${CYCLES} cycles; ${topics} queues seen, ${dlqs} DLQ found`;
  } finally {
    await management("DELETE", `/api/vhosts/${encodeURIComponent(vhost)}`).catch(() => undefined);
  }
}

async function main() {
  console.log(`rabbitmq-sampling: ${new Date().toISOString()}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const scale of [10, 1_000]) console.log(await measure(scale));
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
