import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteMaskingRule } from "@/lib/masking/verbs/delete-masking-rule";

export const dynamic = "force-dynamic";

export const DELETE = verbRoute(deleteMaskingRule, noContent);
