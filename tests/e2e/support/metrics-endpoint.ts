// A service's /metrics in Prometheus text, as the console's metrics sources scrape it: at every
// scrape, 10 more successes of one event type and, while `failing` is set, 10 more failures (a
// failure ratio well above that of the time before: a spike).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface MetricsEndpoint {
  /** http://127.0.0.1:<port>/metrics */
  url: string;
  /** From now on every scrape also counts failures. */
  setFailing(failing: boolean): void;
  close(): Promise<void>;
}

export async function startMetricsEndpoint(eventType: string): Promise<MetricsEndpoint> {
  let failing = false;
  const totals = { success: 0, failure: 0 };
  const server = http.createServer((_request, response) => {
    totals.success += 10;
    if (failing) totals.failure += 10;
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(
      `# TYPE event_processed_total counter\nevent_processed_total{type="${eventType}",status="success"} ${totals.success}\nevent_processed_total{type="${eventType}",status="failure"} ${totals.failure}\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
    setFailing: (value) => void (failing = value),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
