import { NextResponse } from "next/server";

// The JSON answer of an API route. Next streams every route-handler response and drops its
// Content-Length, so its compression middleware cannot see how small a body is and gzips them all:
// one zlib stream per response, about 0.14 ms of CPU and 230 KB of memory for as long as the
// response is in flight (docs/benchmarks.md, load check), to shrink /api/v1/health's 111 bytes.
// `Cache-Control: no-transform` is the one signal that middleware honours, so small bodies carry it;
// larger ones are left to gzip, where it pays.

/** Bodies below this many bytes are sent as they are; gzip cannot make them meaningfully smaller. */
export const UNCOMPRESSED_BELOW_BYTES = 1024;

/** Headers for a JSON body of `byteLength` bytes. */
export function jsonHeaders(byteLength: number): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (byteLength < UNCOMPRESSED_BELOW_BYTES) headers["Cache-Control"] = "no-transform";
  return headers;
}

/** `value` as a 200 JSON response (what NextResponse.json would send, plus the headers above). */
export function jsonResponse(value: unknown): Response {
  const body = JSON.stringify(value);
  // JSON.stringify(undefined) is undefined: an empty body, as NextResponse.json sends for it.
  if (body === undefined) return NextResponse.json(value);
  return new NextResponse(body, { headers: jsonHeaders(Buffer.byteLength(body)) });
}
