import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { createMaskingRule, createMaskingRuleSchema, listMaskingRules } from "@/lib/masking/masking-rules";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => ({ rules: await listMaskingRules() }), { access: "admin" });

export const POST = apiRoute(async (request, _params, actor) => {
  const input = await parseJsonBody(request, createMaskingRuleSchema);
  const rule = await createMaskingRule(input);
  await recordAudit({ actor, action: "masking-rule.create", target: `masking-rule:${rule.id}`, params: { topic: rule.topic, kind: rule.kind, pattern: rule.pattern } });
  return NextResponse.json({ rule }, { status: 201 });
}, { access: "admin" });
