import { apiRoute } from "@/lib/api/handler";
import { cronSecretActor } from "@/lib/serverless/cron-secret";
import { runCronHeartbeat } from "@/lib/serverless/cron-heartbeat";
import type { ResponseOf } from "@/lib/contract/operation";
import type { runCron as runCronOperation } from "@/lib/contract/system";

export const dynamic = "force-dynamic";
// Vercel ends the function after this many seconds; the work itself stops within the budget.
export const maxDuration = 60;

/**
 * Serverless mode's heartbeat (vercel.json calls it every minute; lib/serverless/cron-heartbeat.ts).
 * Vercel Cron sends `Authorization: Bearer $CRON_SECRET`; an admin token works too.
 */
export const GET = apiRoute(async (): Promise<ResponseOf<typeof runCronOperation>> => runCronHeartbeat(), { access: "admin", alsoAccept: cronSecretActor });
