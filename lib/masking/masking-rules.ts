import "server-only";
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { MAX_PATTERN_LENGTH } from "@/lib/patterns/wildcard-match";
import { parseJsonPath } from "./json-path";

// Masking rules in the database. Read on every masked response (one small query), so a new rule
// applies at once on every app instance.
/** What a rule masks: a JSON path in the value, a header (by name), or the key (a JSON path into it, `$` for all of it). */
export const MASKING_RULE_KINDS = ["json-path", "header", "key"] as const;
export type MaskingRuleKind = (typeof MASKING_RULE_KINDS)[number];

export interface MaskingRuleView {
  id: string;
  topic: string | null;
  kind: MaskingRuleKind;
  pattern: string;
  createdAt: string;
}

export const createMaskingRuleSchema = z
  .object({
    topic: z.string().trim().min(1).max(255).nullable().optional(),
    kind: z.enum(MASKING_RULE_KINDS),
    pattern: z.string().trim().min(1, "pattern is required").max(MAX_PATTERN_LENGTH, `pattern must be at most ${MAX_PATTERN_LENGTH} characters`),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === "json-path" || rule.kind === "key") {
      const parsed = parseJsonPath(rule.pattern);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["pattern"], message: parsed.error });
    } else if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(rule.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "a header name, with * as a wildcard" });
    }
  });

type RuleRow = { id: string; topic: string | null; kind: string; pattern: string; createdAt: Date };

function toView(row: RuleRow): MaskingRuleView {
  const kind: MaskingRuleKind = row.kind === "header" || row.kind === "key" ? row.kind : "json-path";
  return { id: row.id, topic: row.topic, kind, pattern: row.pattern, createdAt: row.createdAt.toISOString() };
}

export async function listMaskingRules(): Promise<MaskingRuleView[]> {
  const db = await getDb();
  const rows = await db.maskingRule.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toView);
}

export async function createMaskingRule(input: z.infer<typeof createMaskingRuleSchema>): Promise<MaskingRuleView> {
  const db = await getDb();
  const row = await db.maskingRule.create({ data: { topic: input.topic ?? null, kind: input.kind, pattern: input.pattern } });
  return toView(row);
}

export async function deleteMaskingRule(id: string): Promise<MaskingRuleView> {
  const db = await getDb();
  const row = await db.maskingRule.findUnique({ where: { id } });
  if (!row) throw notFound(`masking rule "${id}"`);
  await db.maskingRule.delete({ where: { id } });
  return toView(row);
}
