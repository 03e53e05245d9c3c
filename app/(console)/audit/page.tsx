import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/audit/audit-log";
import { LoadingState } from "@/components/ui/loading-state";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  // Filters, sort and page live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Loading the audit log…" />}>
      <AuditLog />
    </Suspense>
  );
}
