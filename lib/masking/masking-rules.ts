import "server-only";
import type { z } from "zod";
import type { MASKING_RULE_KINDS, createMaskingRuleBody } from "@/lib/contract/access";
import { notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";

// Masking rules in the database. Read on every masked response (one small query), so a new rule
// applies at once on every app instance.
export type MaskingRuleKind = (typeof MASKING_RULE_KINDS)[number];

export interface MaskingRuleView {
  id: string;
  topic: string | null;
  kind: MaskingRuleKind;
  pattern: string;
  createdAt: string;
}

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

export async function createMaskingRule(input: z.infer<typeof createMaskingRuleBody>): Promise<MaskingRuleView> {
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
