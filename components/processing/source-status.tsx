import type { MetricsSourceSummary } from "@/lib/metrics-sources/types";
import { sourceStatusTitle } from "@/lib/client/processing-format";
import { Badge } from "@/components/ui/badge";

/** ok / stale (with the reason on hover) / pending. */
export function SourceStatus({ source }: { source: Pick<MetricsSourceSummary, "status" | "error" | "scrapedAt"> }) {
  const tone = source.status === "ok" ? "ok" : source.status === "stale" ? "warn" : "neutral";
  return (
    <Badge tone={tone} title={sourceStatusTitle(source)}>
      {source.status}
    </Badge>
  );
}
