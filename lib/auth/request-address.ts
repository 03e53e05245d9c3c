import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { parseTrustedProxies, resolveClientAddress, TRUSTED_PROXIES_VARIABLE, type TrustedProxies } from "./client-address";

// Next.js 16 does not give route handlers the TCP peer address (NextRequest.ip is gone; the Request
// is rebuilt from the headers alone). Its server fills X-Forwarded-For with the socket's address only
// when the request has no such header (`??=` in next/dist/server/base-server.js), so a client that
// sends its own header is indistinguishable from one that did not.
//
// So the server stamps the peer itself: Node publishes every incoming request on the diagnostics
// channel "http.server.request.start" (with its socket) before the request reaches any listener,
// and the subscriber below writes socket.remoteAddress into PEER_ADDRESS_HEADER, replacing whatever
// the client sent under that name. instrumentation.ts installs it at start-up, before Next serves a
// request; it works the same under `next start`, the standalone server.js and `next dev`. Without it
// (route handlers called in-process by tests) the header is ignored and the address is "unknown".

export const PEER_ADDRESS_HEADER = "x-eventscope-peer-address";

const state = globalThis as typeof globalThis & {
  __eventscopePeerStamp?: boolean;
  __eventscopeTrustedProxies?: { raw: string | undefined; parsed: TrustedProxies };
};

export function installPeerAddressStamp(): void {
  if (state.__eventscopePeerStamp) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "";
  });
  state.__eventscopePeerStamp = true;
}

/** EVENTSCOPE_TRUSTED_PROXIES, parsed once per value; throws naming the variable when it is bad. */
export function trustedProxies(): TrustedProxies {
  const raw = process.env[TRUSTED_PROXIES_VARIABLE];
  const cached = state.__eventscopeTrustedProxies;
  if (cached && cached.raw === raw) return cached.parsed;
  const parsed = parseTrustedProxies(raw);
  state.__eventscopeTrustedProxies = { raw, parsed };
  return parsed;
}

/** The client's address (see client-address.ts for which X-Forwarded-For hops are believed). */
export function clientAddress(request: Request): string {
  const peer = state.__eventscopePeerStamp ? request.headers.get(PEER_ADDRESS_HEADER) : null;
  return resolveClientAddress({ peer, forwardedFor: request.headers.get("x-forwarded-for"), trusted: trustedProxies() });
}
