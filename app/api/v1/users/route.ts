import { apiRoute } from "@/lib/api/handler";
import { created, verbRoute } from "@/lib/api/verb-route";
import { listUsers } from "@/lib/auth/users";
import { createUser } from "@/lib/auth/verbs/create-user";
import type { ResponseOf } from "@/lib/contract/operation";
import type { listUsers as listUsersOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (): Promise<ResponseOf<typeof listUsersOperation>> => ({ users: await listUsers() }), { access: "admin" });

export const POST = verbRoute(createUser, created);
