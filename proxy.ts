import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { newNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

// Every page: a Content-Security-Policy with a fresh script nonce (lib/http/security-headers.ts says
// why a nonce and not 'unsafe-inline'), on the request, where Next reads it to put the nonce on the
// scripts it renders, and on the response. Then page requests without a session cookie go to
// /sign-in, remembering where they were going. Only the cookie's presence is checked here (cheap, no
// database): the console layout validates the session (lib/auth/page-session.ts) and every API route
// checks credentials itself (lib/auth/guard.ts), so a forged cookie gets past this redirect and no further.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const policy = pageContentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development" });
  const withPolicy = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", policy);
    return response;
  };
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  if (pathname === "/sign-in" || pathname.startsWith("/sign-in/")) return withPolicy(NextResponse.next({ request: { headers } }));
  if (request.cookies.has(SESSION_COOKIE)) {
    // Lets the layout send an expired session back to where it was going after sign-in.
    headers.set("x-eventscope-path", `${pathname}${search}`);
    return withPolicy(NextResponse.next({ request: { headers } }));
  }
  const target = request.nextUrl.clone();
  target.pathname = "/sign-in";
  target.search = "";
  if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
  return withPolicy(NextResponse.redirect(target));
}

export const config = {
  // Pages only: API routes answer 401 themselves (next.config.js gives them their headers), and
  // static files need no policy of their own.
  matcher: ["/((?!api/|_next/|favicon\\.ico|robots\\.txt|.*\\.(?:png|svg|ico|jpg|jpeg|gif|webp|css|js|map|txt|woff2?)$).*)"],
};
