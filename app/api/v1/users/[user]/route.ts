import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteUser } from "@/lib/auth/verbs/delete-user";
import { updateUser } from "@/lib/auth/verbs/update-user";

export const dynamic = "force-dynamic";

/** Role, disabled, canSeeClearValues and a new password (never logged, only that it changed). */
export const PATCH = verbRoute(updateUser);

export const DELETE = verbRoute(deleteUser, noContent);
