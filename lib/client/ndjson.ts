// Splitting a streamed NDJSON body into lines as chunks arrive. Pure.

/** The complete lines in `buffer + chunk`, and what is left for the next chunk. Empty lines are skipped. */
export function splitNdjson(buffer: string, chunk: string): { lines: string[]; rest: string } {
  const text = buffer + chunk;
  const parts = text.split("\n");
  const rest = parts.pop() ?? "";
  return { lines: parts.map((line) => line.trim()).filter((line) => line !== ""), rest };
}
