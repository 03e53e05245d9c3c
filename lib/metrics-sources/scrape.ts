import "server-only";
// One bounded HTTP GET of an exposition: a hostile or broken endpoint must not hang or fill the
// server. The whole exchange (headers and body) is under one timeout; the body is read in chunks and
// abandoned past maxBytes (also when it arrives compressed: the decoded bytes are counted); no
// redirects (the checked URL is the one asked); never cached by Next's fetch.

export const DEFAULT_SCRAPE_TIMEOUT_MS = 5_000;
/** A busy service's whole /metrics is typically 10-500 KB; 4 MiB leaves room and bounds the parse. */
export const MAX_EXPOSITION_BYTES = 4 * 1024 * 1024;

export type ScrapeResult = { ok: true; text: string; bytes: number; tookMs: number } | { ok: false; error: string; tookMs: number };

export async function scrapeExposition(url: string, options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<ScrapeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_EXPOSITION_BYTES;
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      signal: abort.signal,
      redirect: "manual",
      cache: "no-store",
      headers: { accept: "text/plain;version=0.0.4;q=0.9, application/openmetrics-text;q=0.5, */*;q=0.1" },
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, error: `HTTP ${response.status}: redirects are not followed (configure the final URL)`, tookMs: took() };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, error: `HTTP ${response.status} ${response.statusText}`.trim(), tookMs: took() };
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, error: `response of ${declared} bytes is over the ${maxBytes}-byte limit`, tookMs: took() };
    }
    const body = await readCapped(response, maxBytes);
    if (body === null) return { ok: false, error: `response is over the ${maxBytes}-byte limit`, tookMs: took() };
    return { ok: true, text: new TextDecoder().decode(body), bytes: body.byteLength, tookMs: took() };
  } catch (error) {
    if (abort.signal.aborted) return { ok: false, error: `no complete answer within ${timeoutMs} ms`, tookMs: took() };
    return { ok: false, error: describeFetchError(error), tookMs: took() };
  } finally {
    clearTimeout(timer);
  }
}

/** The body, or null as soon as it passes maxBytes (the rest is never read). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** undici says "fetch failed" and hides the reason in `cause` (ECONNREFUSED, ENOTFOUND...). */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  if (cause?.message === "bad port") return "the port is one that fetch refuses to call (a well-known port of another protocol)";
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
