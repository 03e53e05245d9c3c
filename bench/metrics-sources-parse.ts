// CPU time of parsing a metrics source's exposition (lib/metrics-sources/parse-outcomes.ts) at three sizes: npx tsx bench/metrics-sources-parse.ts.
// Printed, never asserted; results in docs/benchmarks.md.
import { parseOutcomes } from "../lib/metrics-sources/parse-outcomes";
function exposition(series: number, otherLines: number): string {
  const lines = ["# TYPE event_processed_total counter"];
  for (let i = 0; i < series; i++) lines.push(`event_processed_total{type="type_${i % 200}",status="${i % 2 ? "success" : "failure"}",instance="pod-${i}"} ${i * 3}`);
  lines.push("# TYPE http_requests_total counter");
  for (let i = 0; i < otherLines; i++) lines.push(`http_requests_total{method="GET",code="200",path="/api/v1/things/${i}"} ${i}`);
  return lines.join("\n") + "\n";
}
for (const [series, other] of [[400, 2000], [10_000, 0], [10_000, 30_000]]) {
  const text = exposition(series, other);
  parseOutcomes(text);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); parseOutcomes(text); const d = process.cpuUsage(c); times.push((d.user + d.system) / 1000); }
  times.sort((a, b) => a - b);
  console.log(`${series} counter series + ${other} other lines, ${(text.length / 1024).toFixed(0)} KiB: CPU median ${times[2].toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)}`);
}
