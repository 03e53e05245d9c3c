import type { Metadata } from "next";
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
  return <TopicList key={clusterId} clusterId={clusterId} />;
}
