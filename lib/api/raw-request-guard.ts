import "server-only";
import http from "node:http";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { errorBody } from "./errors";
import { rawRequestProblem } from "./raw-request";

const INSTALLED = Symbol.for("eventscope.rawRequestGuard");

/**
 * Answers the requests Next.js would turn into a bare 500 (lib/api/raw-request.ts) with a JSON 4xx,
 * before Next sees them. Next creates its HTTP server itself (`node server.js`, `next start`) and
 * offers no hook ahead of its router, so this wraps the "request" event of every Node HTTP server in
 * the process; everything else passes through untouched. Called once from instrumentation.ts, which
 * Next runs before it serves its first request.
 */
export function installRawRequestGuard(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const refusal = rawRequestProblem(request.method, request.url);
      if (refusal) {
        const body = JSON.stringify(errorBody(refusal.code, refusal.message));
        // Next never sees these requests, so next.config.js cannot add the security headers: they come from here.
        response.writeHead(refusal.status, {
          "content-type": "application/json",
          "cache-control": "no-store",
          ...STATIC_SECURITY_HEADERS,
          "content-security-policy": API_CONTENT_SECURITY_POLICY,
          ...refusal.headers,
        });
        response.end(body);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
