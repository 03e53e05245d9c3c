import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/ui/loading-state";
import { TopicDetailView } from "@/components/topics/topic-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string; topic: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // Next.js hands generateMetadata decoded params (the page itself gets them encoded).
  const { cluster, topic } = await params;
  return { title: `${topic} · ${cluster}` };
}

export default async function TopicPage({ params }: { params: Params }) {
  const { cluster, topic } = await params;
  const clusterId = decodeRouteParam(cluster);
  const topicName = decodeRouteParam(topic);
  // The message browser keeps its partition, offset, search and order in the URL (useSearchParams),
  // which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Loading the topic…" />}>
      <TopicDetailView key={`${clusterId}/${topicName}`} clusterId={clusterId} topic={topicName} />
    </Suspense>
  );
}
