// The demo services' Prometheus endpoints: event_processed_total{type, status}, counted as the
// consumers really process (success) or fail (failure, each failed attempt) an event, served on
// /metrics, so that the console's metrics sources (config `metrics`) have something true to scrape.
import http from "node:http";

type Status = "success" | "failure" | "duplicate";

export class ProcessedCounter {
  private readonly totals = new Map<string, number>();

  inc(type: string, status: Status): void {
    const key = JSON.stringify([type, status]);
    this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
  }

  /** The Prometheus text format (version 0.0.4). */
  exposition(): string {
    const lines = ["# HELP event_processed_total Events processed by this service, by event type and outcome.", "# TYPE event_processed_total counter"];
    for (const [key, value] of this.totals) {
      const [type, status] = JSON.parse(key) as [string, string];
      lines.push(`event_processed_total{type="${escapeLabel(type)}",status="${escapeLabel(status)}"} ${value}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

/** Label values escape backslash, double quote and line feed. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Counters of the consumers that report them (inventory on Kafka and on JetStream). */
export const processed = {
  kafkaInventory: new ProcessedCounter(),
  natsInventory: new ProcessedCounter(),
};

/** The event type the inventory consumers handle (what a poison message should have been). */
export const INVENTORY_EVENT_TYPE = "order.created";

/** Serves /metrics on 127.0.0.1:port; null (logged) when the port is taken, so the demo runs on without it. */
export function serveMetrics(name: string, port: number, counter: ProcessedCounter, log: (line: string) => void): Promise<http.Server | null> {
  const server = http.createServer((request, response) => {
    if (request.method === "GET" && request.url?.split("?")[0] === "/metrics") {
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
      response.end(counter.exposition());
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found; try /metrics\n");
  });
  return new Promise((resolve) => {
    server.once("error", (error) => {
      log(`${name} metrics: cannot listen on 127.0.0.1:${port} (${(error as Error).message}); the console will show it stale`);
      resolve(null);
    });
    server.listen(port, "127.0.0.1", () => {
      // The port listened on (port 0: the one the system chose).
      const listening = server.address();
      log(`${name} metrics: http://127.0.0.1:${typeof listening === "object" && listening ? listening.port : port}/metrics`);
      resolve(server);
    });
  });
}
