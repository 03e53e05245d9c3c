import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/ui/loading-state";
import { ConsumerList } from "@/components/consumers/consumer-list";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // Next.js hands generateMetadata decoded params (the page itself gets them encoded).
  const { cluster } = await params;
  return { title: `Consumers · ${cluster}` };
}

export default async function ConsumersPage({ params }: { params: Params }) {
  const clusterId = decodeRouteParam((await params).cluster);
  // The search, sort and status filter live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Loading consumers…" />}>
      <ConsumerList key={clusterId} clusterId={clusterId} />
    </Suspense>
  );
}
