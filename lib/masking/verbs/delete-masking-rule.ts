import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/access";
import { deleteMaskingRule as removeRule } from "@/lib/masking/masking-rules";
import { defineVerb } from "@/lib/verbs/verb";

/** DELETE /api/v1/masking-rules/{rule} (admin). */
export const deleteMaskingRule = defineVerb({
  operation: contract.deleteMaskingRule,
  params: ["rule"],
  audits: ["masking-rule.delete"],
  async run({ actor, params }) {
    const rule = await removeRule(params.rule);
    await recordAudit({ actor, action: "masking-rule.delete", target: `masking-rule:${rule.id}`, params: { topic: rule.topic, kind: rule.kind, pattern: rule.pattern } });
  },
});
