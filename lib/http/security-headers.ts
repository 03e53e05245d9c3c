// The security headers of every response. Pure, so the policy is unit-tested; next.config.js sets
// the static ones on every path (it cannot import TypeScript, so tests/unit/security-headers.test.ts
// checks that it agrees with this file), proxy.ts sets the page policy with a fresh nonce.
//
// Scripts: Next's App Router puts inline <script> tags in every page (the React Server Components
// payload, self.__next_f.push(...), and the bootstrap). Allowing them with 'unsafe-inline' would
// also allow any script an injection managed to put into the HTML, which is the one thing a CSP is
// for. So pages carry a per-request nonce instead: proxy.ts makes one, puts this policy on the
// request (Next reads the nonce from the request's Content-Security-Policy header and adds it to the
// scripts it renders) and on the response. That needs every page rendered per request, which they
// are (the layout checks the session; the root layout is dynamic). The script files under
// /_next/static are allowed by 'self'.
// Styles: React and the charts set style="..." attributes, which only 'unsafe-inline' allows
// (a nonce cannot cover attributes, and a nonce in style-src would turn 'unsafe-inline' off). Style
// injection can restyle a page but not run code; scripts stay nonce-only.

/** Headers for every response, pages and API alike (also in next.config.js). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

/** API responses are data, never documents: nothing may load or run from them, nor frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function pageContentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code (stack traces, Fast Refresh): only under `next dev`.
    `script-src 'self' 'nonce-${nonce}'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 16 random bytes, base64: a nonce an attacker cannot guess for the page being served. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
