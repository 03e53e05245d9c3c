import { apiRoute } from "@/lib/api/handler";
import { created, verbRoute } from "@/lib/api/verb-route";
import { listMaskingRules } from "@/lib/masking/masking-rules";
import { createMaskingRule } from "@/lib/masking/verbs/create-masking-rule";
import type { ResponseOf } from "@/lib/contract/operation";
import type { listMaskingRules as listMaskingRulesOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (): Promise<ResponseOf<typeof listMaskingRulesOperation>> => ({ rules: await listMaskingRules() }), { access: "admin" });

export const POST = verbRoute(createMaskingRule, created);
