import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import * as contract from "@/lib/contract/access";
import { createMaskingRule as storeRule } from "@/lib/masking/masking-rules";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/masking-rules (admin): applies at once. */
export const createMaskingRule = defineVerb({
  operation: contract.createMaskingRule,
  audits: ["masking-rule.create"],
  async run({ actor, body }) {
    const rule = await storeRule(body);
    await recordAudit({ actor, action: "masking-rule.create", target: `masking-rule:${rule.id}`, params: { topic: rule.topic, kind: rule.kind, pattern: rule.pattern } });
    return { rule };
  },
});
