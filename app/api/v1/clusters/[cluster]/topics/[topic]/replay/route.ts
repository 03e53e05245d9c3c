import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { replay } from "@/lib/replay/verbs/replay";

export const dynamic = "force-dynamic";

export const POST = verbRoute(replay, jobOrDryRun);
