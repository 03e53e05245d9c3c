import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/client/permissions";
import { SESSION_COOKIE } from "./cookies";
import type { Actor } from "./roles";
import { findSessionActor } from "./sessions";

// For server components: the signed-in user of a page request. Pages use the session cookie only
// (browsers do not send bearer tokens on navigation).

export async function getPageActor(): Promise<Actor | null> {
  const jar = await cookies();
  return findSessionActor(jar.get(SESSION_COOKIE)?.value);
}

/** The signed-in user, or a redirect to /sign-in (back here afterwards, when the proxy said where "here" is). */
export async function requirePageActor(): Promise<Actor> {
  const actor = await getPageActor();
  if (actor) return actor;
  const here = safeNextPath((await headers()).get("x-eventscope-path"));
  redirect(here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`);
}
