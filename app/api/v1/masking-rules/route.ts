import { apiRoute } from "@/lib/api/handler";
import { created, verbRoute } from "@/lib/api/verb-route";
import { listMaskingRules } from "@/lib/masking/masking-rules";
import { createMaskingRule } from "@/lib/masking/verbs/create-masking-rule";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => ({ rules: await listMaskingRules() }), { access: "admin" });

export const POST = verbRoute(createMaskingRule, created);
