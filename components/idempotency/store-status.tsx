import type { StoreSummary } from "@/lib/idempotency/types";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/ui/status-badge";

/** up / down / misconfigured, with the reason on hover. */
export function StoreStatus({ store }: { store: Pick<StoreSummary, "status" | "error"> }) {
  if (store.status === "misconfigured") {
    return (
      <Badge tone="danger" title={store.error}>
        misconfigured
      </Badge>
    );
  }
  return <StatusBadge status={store.status} title={store.error} />;
}
