import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/ui/loading-state";
import { TopicList } from "@/components/topics/topic-list";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // Next.js hands generateMetadata decoded params (the page itself gets them encoded).
  const { cluster } = await params;
  return { title: `Topics · ${cluster}` };
}

export default async function TopicsPage({ params }: { params: Params }) {
  const clusterId = decodeRouteParam((await params).cluster);
  // The filter, sort and page live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Loading topics…" />}>
      <TopicList key={clusterId} clusterId={clusterId} />
    </Suspense>
  );
}
