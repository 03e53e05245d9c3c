import type { Metadata } from "next";
import { Suspense } from "react";
import { JobList } from "@/components/jobs/job-list";
import { LoadingState } from "@/components/ui/loading-state";

export const metadata: Metadata = { title: "Jobs" };

export default function JobsPage() {
  // The sort, filters and page live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Loading jobs…" />}>
      <JobList />
    </Suspense>
  );
}
