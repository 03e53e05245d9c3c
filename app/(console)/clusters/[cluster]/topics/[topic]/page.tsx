import type { Metadata } from "next";
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
  return <TopicDetailView key={`${clusterId}/${topicName}`} clusterId={clusterId} topic={topicName} />;
}
