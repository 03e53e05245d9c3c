import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { getReadOnlyState, setReadOnly } from "@/lib/auth/read-only";
import { listClusters } from "@/lib/clusters/registry";
import { invalidInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Readable by everyone signed in: the UI shows a banner and hides actions while it is on. */
export const GET = apiRoute(async () => getReadOnlyState());

const clusterId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/i, "a cluster id");
const changeSchema = z
  .object({ readOnly: z.boolean().optional(), clusters: z.record(clusterId, z.boolean()).optional() })
  .refine((body) => body.readOnly !== undefined || body.clusters !== undefined, { message: "give readOnly and/or clusters", path: ["body"] });

export const PUT = apiRoute(async (request, _params, actor) => {
  const change = await parseJsonBody(request, changeSchema);
  // Switching on a cluster that does not exist would look like protection and protect nothing (a typo,
  // a deleted cluster); switching one off is allowed whatever the id, so a stale switch can be cleared.
  const known = new Set((await listClusters()).map((entry) => entry.config.id));
  for (const [id, on] of Object.entries(change.clusters ?? {})) {
    if (on && !known.has(id)) throw invalidInput(`clusters.${id}`, `no cluster "${id}" is configured`);
  }
  const state = await setReadOnly(change);
  await recordAudit({ actor, action: "settings.read-only", target: "settings:read-only", params: change, result: { ...state } });
  return state;
}, { access: "admin" });
