import { apiRoute } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { deleteMaskingRule } from "@/lib/masking/masking-rules";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ rule: string }>(async (_request, { rule: ruleId }, actor) => {
  const rule = await deleteMaskingRule(ruleId);
  await recordAudit({ actor, action: "masking-rule.delete", target: `masking-rule:${rule.id}`, params: { topic: rule.topic, kind: rule.kind, pattern: rule.pattern } });
  return new Response(null, { status: 204 });
}, { access: "admin" });
