import { apiRoute } from "@/lib/api/handler";
import { verbRoute } from "@/lib/api/verb-route";
import { getReadOnlyState } from "@/lib/auth/read-only";
import { setReadOnly } from "@/lib/auth/verbs/set-read-only";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getReadOnly as getReadOnlyOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

/** Readable by everyone signed in: the UI shows a banner and hides actions while it is on. */
export const GET = apiRoute(async (): Promise<ResponseOf<typeof getReadOnlyOperation>> => getReadOnlyState());

export const PUT = verbRoute(setReadOnly);
