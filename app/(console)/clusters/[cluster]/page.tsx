import { redirect } from "next/navigation";

// A cluster has no page of its own yet: its topics/streams are the natural landing place.
export default async function ClusterPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  redirect(`/clusters/${cluster}/topics`);
}
