import type { Metadata } from "next";
import { ClusterSettings } from "@/components/clusters/cluster-settings";

export const metadata: Metadata = { title: "Clusters · Settings" };

export default function ClusterSettingsPage() {
  return <ClusterSettings />;
}
