// A metrics source's URL: checked at config load, and shown without its credentials. Pure.

export const MAX_URL_LENGTH = 2048;

/** Why the URL cannot be scraped, or null: absolute http(s) only (no file:, data:, ftp: ...). */
export function scrapeUrlProblem(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return `is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL (expected http://host:port/metrics)";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be http:// or https:// (got ${url.protocol})`;
  if (!url.hostname) return "has no host";
  if (url.hash) return "must not have a #fragment";
  return null;
}

/** The URL as the console shows it: user and password replaced, so a basic-auth secret never reaches a page. */
export function displayUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString();
  } catch {
    return "(invalid URL)";
  }
}
