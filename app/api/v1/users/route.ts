import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { createUser, createUserSchema, listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => ({ users: await listUsers() }), { access: "admin" });

export const POST = apiRoute(async (request, _params, actor) => {
  const input = await parseJsonBody(request, createUserSchema);
  const user = await createUser(input);
  await recordAudit({ actor, action: "user.create", target: `user:${user.username}`, params: { role: user.role, canSeeClearValues: user.canSeeClearValues } });
  return NextResponse.json({ user }, { status: 201 });
}, { access: "admin" });
