import type { Metadata } from "next";
import { IdempotencyStoreDetail } from "@/components/idempotency/store-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ store: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { store } = await params;
  return { title: `${store} · Idempotency` };
}

export default async function IdempotencyStorePage({ params }: { params: Params }) {
  const storeId = decodeRouteParam((await params).store);
  return <IdempotencyStoreDetail key={storeId} storeId={storeId} />;
}
