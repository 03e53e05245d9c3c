import type { DlqRow } from "@/lib/client/api-types";
import { Badge } from "@/components/ui/badge";

/** The EVENTSCOPE_ADVISORIES stream: JetStream messages that hit MaxDeliver (or were terminated). */
export const ADVISORIES_LABEL = "Max deliveries reached";
const ADVISORIES_TITLE = "JetStream messages that reached MaxDeliver, captured from advisories";

export function DlqKindBadge({ kind, clusterKind }: { kind: DlqRow["kind"]; clusterKind?: string }) {
  if (kind === "advisories") {
    return (
      <Badge tone="info" title={ADVISORIES_TITLE}>
        {ADVISORIES_LABEL}
      </Badge>
    );
  }
  return <Badge tone="danger">{clusterKind === "nats" ? "DLQ stream" : "DLQ topic"}</Badge>;
}
