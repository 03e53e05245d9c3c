import type { Metadata } from "next";
import { DlqList } from "@/components/dlq/dlq-list";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ cluster: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  // Next.js hands generateMetadata decoded params (the page itself gets them encoded).
  const { cluster } = await params;
  return { title: `DLQ · ${cluster}` };
}

export default async function DlqListPage({ params }: { params: Params }) {
  const clusterId = decodeRouteParam((await params).cluster);
  return <DlqList key={clusterId} clusterId={clusterId} />;
}
