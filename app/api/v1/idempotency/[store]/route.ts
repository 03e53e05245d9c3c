import { apiRoute } from "@/lib/api/handler";
import { getStore } from "@/lib/idempotency/registry";

export const dynamic = "force-dynamic";

/** One store's figures (the same object as in GET /api/v1/idempotency). */
export const GET = apiRoute<{ store: string }>(async (_request, { store }) => getStore(store).summary());
