import type { Metadata } from "next";
import { ConsumerDetailView } from "@/components/consumers/consumer-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string; group: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // Next.js hands generateMetadata decoded params (the page itself gets them encoded).
  const { cluster, group } = await params;
  return { title: `${group} · ${cluster}` };
}

export default async function ConsumerPage({ params }: { params: Params }) {
  const { cluster, group } = await params;
  const clusterId = decodeRouteParam(cluster);
  const groupId = decodeRouteParam(group);
  return <ConsumerDetailView key={`${clusterId}/${groupId}`} clusterId={clusterId} group={groupId} />;
}
