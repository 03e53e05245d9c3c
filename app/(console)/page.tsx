import type { Metadata } from "next";
import { ClusterOverview } from "@/components/clusters/cluster-overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return <ClusterOverview />;
}
