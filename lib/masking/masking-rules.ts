import "server-only";
import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import { parseJsonPath } from "./json-path";

// Masking rules in the database. Read on every masked response (one small query), so a new rule
// applies at once on every app instance.
export interface MaskingRuleView {
  id: string;
  topic: string | null;
  kind: "json-path" | "header";
  pattern: string;
  createdAt: string;
}

export const createMaskingRuleSchema = z
  .object({
    topic: z.string().trim().min(1).max(255).nullable().optional(),
    kind: z.enum(["json-path", "header"]),
    pattern: z.string().trim().min(1, "pattern is required").max(300),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === "json-path") {
      const parsed = parseJsonPath(rule.pattern);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["pattern"], message: parsed.error });
    } else if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(rule.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "a header name, with * as a wildcard" });
    }
  });

type RuleRow = { id: string; topic: string | null; kind: string; pattern: string; createdAt: Date };

function toView(row: RuleRow): MaskingRuleView {
  return { id: row.id, topic: row.topic, kind: row.kind === "header" ? "header" : "json-path", pattern: row.pattern, createdAt: row.createdAt.toISOString() };
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
