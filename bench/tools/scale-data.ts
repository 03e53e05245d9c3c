// Builds the server benchmark's scale data (1,000 topics x 10 partitions, 2,000 groups x 30 committed
// partitions) on an already running broker, for profiling in a plain process without the whole
// server benchmark (issue 17). Start the broker first, e.g.
//   KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 KAFKA_READY_TIMEOUT=600 bash scripts/brokers-up.sh
//   BENCH_KAFKA_BROKERS=127.0.0.1:19092 node --conditions=react-server --import tsx bench/tools/scale-data.ts
// and stop it afterwards (KAFKA_PORT=19092 bash scripts/brokers-down.sh kafka).
import { ensureScaleData } from "../lib/server-scale-data";

const brokers = (process.env.BENCH_KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
if (brokers.some((broker) => /:9092$/.test(broker))) throw new Error("not on the shared broker on 9092");
ensureScaleData(brokers, { topics: 1_000, groups: 2_000, topicsPerGroup: 3 }, console.log).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
