import { checkAgainstContract } from "./contract-check";

// Calls Next.js route handlers in-process with real Requests: the same code `next start` runs,
// without a build. Browser tests cover the served app. Every answer is checked against the API
// contract (lib/contract) on the way: see contract-check.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

export async function call(
  handler: Handler,
  path: string,
  params: Record<string, string> = {},
  init: RequestInit = {},
): Promise<{ status: number; body: any; response: Response }> {
  const request = new Request(`http://localhost:3000${path}`, { ...init, headers: { host: "localhost:3000", ...(init.headers ?? {}) } });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = response.status === 204 ? "" : await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // text bodies (Prometheus) stay text
  }
  checkAgainstContract(request.method, request.url, response, body);
  return { status: response.status, body, response };
}

export const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});
