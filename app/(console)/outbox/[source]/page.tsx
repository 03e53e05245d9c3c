import type { Metadata } from "next";
import { OutboxDetail } from "@/components/outbox/outbox-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ source: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { source } = await params;
  return { title: `${source} · Outbox` };
}

export default async function OutboxSourcePage({ params }: { params: Params }) {
  const sourceId = decodeRouteParam((await params).source);
  return <OutboxDetail key={sourceId} sourceId={sourceId} />;
}
