import type { Metadata } from "next";
import { Suspense } from "react";
import { LoadingState } from "@/components/ui/loading-state";
import { IdempotencyStoreDetail } from "@/components/idempotency/store-detail";
import { decodeRouteParam } from "@/lib/client/route-params";

type Params = Promise<{ store: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { store } = await params;
  return { title: `${store} · Idempotency` };
}

export default async function IdempotencyStorePage({ params }: { params: Params }) {
  const storeId = decodeRouteParam((await params).store);
  // The search, order and page live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense fallback={<LoadingState label="Reading records…" />}>
      <IdempotencyStoreDetail key={storeId} storeId={storeId} />
    </Suspense>
  );
}
