import type { Metadata } from "next";
import { JobDetail } from "@/components/jobs/job-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ job: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { job } = await params;
  return { title: `Job ${job.slice(0, 12)}` };
}

export default async function JobPage({ params }: { params: Params }) {
  const jobId = decodeRouteParam((await params).job);
  return <JobDetail key={jobId} jobId={jobId} />;
}
