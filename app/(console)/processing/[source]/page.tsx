import type { Metadata } from "next";
import { MetricsSourceDetailView } from "@/components/processing/source-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ source: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { source } = await params;
  return { title: `${decodeRouteParam(source)} · Processing` };
}

export default async function MetricsSourcePage({ params }: { params: Params }) {
  const sourceId = decodeRouteParam((await params).source);
  return <MetricsSourceDetailView key={sourceId} sourceId={sourceId} />;
}
