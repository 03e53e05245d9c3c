// What the console refuses before Next.js sees a request, because Next answers these with a bare
// 500 "Internal Server Error" (Next 16.4):
// - a method outside the standard set: Next wraps every request in a fetch `Request`, whose
//   constructor throws on TRACE, TRACK and CONNECT;
// - a path segment that is not valid percent-encoding (`%ff`, `%`, `%zz`, or `%ED%A0%80`, which
//   decodes to no valid UTF-8): Next's route matcher throws a DecodeError that its own handler fails
//   to recognise (another copy of the class), so it renders the 500 page instead of a 400.
// Pure: lib/api/raw-request-guard.ts applies it to the Node server's requests.

/** The methods the API and pages answer (each route then says 405 to those it does not export). */
export const SUPPORTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const SUPPORTED = new Set<string>(SUPPORTED_METHODS);

export interface RawRequestRefusal {
  status: 400 | 405;
  code: "invalid-input" | "method-not-allowed";
  message: string;
  headers: Record<string, string>;
}

/** Why a request with this method and raw URL (`/path?query`, as on the wire) is refused, or null. */
export function rawRequestProblem(method: string | undefined, rawUrl: string | undefined): RawRequestRefusal | null {
  if (!method || !SUPPORTED.has(method.toUpperCase())) {
    return {
      status: 405,
      code: "method-not-allowed",
      message: `method ${JSON.stringify(method ?? "")} is not supported; use one of ${SUPPORTED_METHODS.join(", ")}`,
      headers: { allow: SUPPORTED_METHODS.join(", ") },
    };
  }
  const path = (rawUrl ?? "/").split(/[?#]/, 1)[0]!;
  const bad = path.split("/").find((segment) => !decodes(segment));
  if (bad !== undefined) {
    return {
      status: 400,
      code: "invalid-input",
      message: `path: the segment ${JSON.stringify(bad.slice(0, 100))} is not valid percent-encoded UTF-8 (write % as %25)`,
      headers: {},
    };
  }
  return null;
}

function decodes(segment: string): boolean {
  if (!segment.includes("%")) return true;
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
