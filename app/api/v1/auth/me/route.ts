import { apiRoute } from "@/lib/api/handler";
import { getReadOnlyState } from "@/lib/auth/read-only";
import { actorView } from "@/lib/auth/roles";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getMe as getMeOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

/** Who is signed in, and whether actions are switched off (the UI hides what cannot be used). */
export const GET = apiRoute(async (_request, _params, actor): Promise<ResponseOf<typeof getMeOperation>> => ({ user: actorView(actor), readOnly: await getReadOnlyState() }));
