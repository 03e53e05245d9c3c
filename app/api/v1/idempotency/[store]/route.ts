import { apiRoute } from "@/lib/api/handler";
import { getStore } from "@/lib/idempotency/registry";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getStore as getStoreOperation } from "@/lib/contract/idempotency";

export const dynamic = "force-dynamic";

/** One store's figures (the same object as in GET /api/v1/idempotency). */
export const GET = apiRoute<{ store: string }>(async (_request, { store }): Promise<ResponseOf<typeof getStoreOperation>> => getStore(store).summary());
