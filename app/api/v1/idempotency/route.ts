import { apiRoute } from "@/lib/api/handler";
import { listStores } from "@/lib/idempotency/registry";
import type { StoresResponse } from "@/lib/idempotency/types";

export const dynamic = "force-dynamic";

/** Every configured store with its record count and status; a store that is down says why. */
export const GET = apiRoute(async (): Promise<StoresResponse> => ({
  stores: await Promise.all(listStores().map((store) => store.summary())),
}));
