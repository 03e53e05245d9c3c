import type { ClusterKind } from "@/lib/contract/common";
import type { DlqRow } from "@/lib/contract/dlq";
import { vocabularyFor } from "@/lib/client/cluster-labels";
import { Badge } from "@/components/ui/badge";

/** The EVENTSCOPE_ADVISORIES stream: JetStream messages that hit MaxDeliver (or were terminated). */
export const ADVISORIES_LABEL = "Max deliveries reached";
const ADVISORIES_TITLE = "JetStream messages that reached MaxDeliver, captured from advisories";

export function DlqKindBadge({ kind, clusterKind }: { kind: DlqRow["kind"]; clusterKind?: ClusterKind }) {
  if (kind === "advisories") {
    return (
      <Badge tone="info" title={ADVISORIES_TITLE}>
        {ADVISORIES_LABEL}
      </Badge>
    );
  }
  return <Badge tone="danger">{vocabularyFor(clusterKind).dlq}</Badge>;
}
