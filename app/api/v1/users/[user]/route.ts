import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { deleteUser, updateUser, updateUserSchema } from "@/lib/auth/users";

export const dynamic = "force-dynamic";
type Params = { user: string };

/** Role, disabled, canSeeClearValues and a new password (never logged, only that it changed). */
export const PATCH = apiRoute<Params>(async (request, { user: userId }, actor) => {
  const change = await parseJsonBody(request, updateUserSchema);
  const user = await updateUser(actor, userId, change);
  const { password, ...visible } = change;
  await recordAudit({ actor, action: "user.update", target: `user:${user.username}`, params: { ...visible, ...(password ? { passwordChanged: true } : {}) } });
  return { user };
}, { access: "admin" });

export const DELETE = apiRoute<Params>(async (_request, { user: userId }, actor) => {
  const user = await deleteUser(actor, userId);
  await recordAudit({ actor, action: "user.delete", target: `user:${user.username}` });
  return new Response(null, { status: 204 });
}, { access: "admin" });
