import type { Metadata } from "next";
import { ClusterInfoView } from "@/components/clusters/cluster-info";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { cluster } = await params;
  return { title: `Cluster · ${cluster}` };
}

/** The cluster page: brokers/servers, version, controller, listeners, counts and settings. */
export default async function ClusterPage({ params }: { params: Params }) {
  const clusterId = decodeRouteParam((await params).cluster);
  return <ClusterInfoView key={clusterId} clusterId={clusterId} />;
}
