import { verbRoute } from "@/lib/api/verb-route";
import { discard } from "@/lib/dlq/verbs/discard";

export const dynamic = "force-dynamic";

export const POST = verbRoute(discard);
