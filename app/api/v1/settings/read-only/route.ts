import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { getReadOnlyState, setReadOnly } from "@/lib/auth/read-only";

export const dynamic = "force-dynamic";

/** Readable by everyone signed in: the UI shows a banner and hides actions while it is on. */
export const GET = apiRoute(async () => getReadOnlyState());

const clusterId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/i, "a cluster id");
const changeSchema = z
  .object({ readOnly: z.boolean().optional(), clusters: z.record(clusterId, z.boolean()).optional() })
  .refine((body) => body.readOnly !== undefined || body.clusters !== undefined, { message: "give readOnly and/or clusters", path: ["body"] });

export const PUT = apiRoute(async (request, _params, actor) => {
  const change = await parseJsonBody(request, changeSchema);
  const state = await setReadOnly(change);
  await recordAudit({ actor, action: "settings.read-only", target: "settings:read-only", params: change, result: { ...state } });
  return state;
}, { access: "admin" });
