import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookies";

// Sends page requests without a session cookie to /sign-in, remembering where they were going.
// Only the cookie's presence is checked here (cheap, no database): the console layout validates the
// session (lib/auth/page-session.ts) and every API route checks credentials itself (lib/auth/guard.ts),
// so a forged cookie gets past this redirect and no further.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (request.cookies.has(SESSION_COOKIE)) {
    // Lets the layout send an expired session back to where it was going after sign-in.
    const headers = new Headers(request.headers);
    headers.set("x-eventscope-path", `${pathname}${search}`);
    return NextResponse.next({ request: { headers } });
  }
  const target = request.nextUrl.clone();
  target.pathname = "/sign-in";
  target.search = "";
  if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(target);
}

export const config = {
  // Pages only: API routes answer 401 themselves; static files and the sign-in page stay reachable.
  matcher: ["/((?!api/|_next/|sign-in|favicon\\.ico|robots\\.txt|.*\\.(?:png|svg|ico|jpg|jpeg|gif|webp|css|js|map|txt|woff2?)$).*)"],
};
