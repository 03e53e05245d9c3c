// A small subset of JSONPath, enough to point at an event id: $.id, $.data.order_id, $.items[0].id,
// $['odd key']. Pure; no wildcards or filters (an id is one value, not a search).

export type PathSegment = string | number;

const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']+)'\]|\["([^"]+)"\]/y;

/** The segments of a path, or null when it is not of the supported form. */
export function parseJsonPath(path: string): PathSegment[] | null {
  if (!path.startsWith("$")) return null;
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match || match.index !== start) return null;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4]!);
  }
  return segments;
}

export function valueAtPath(document: unknown, segments: PathSegment[]): unknown {
  let current: unknown = document;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Formats segments back into a path: ["data", "order_id"] -> "$.data.order_id". */
export function formatJsonPath(segments: PathSegment[]): string {
  return (
    "$" +
    segments
      .map((segment) =>
        typeof segment === "number" ? `[${segment}]` : /^[A-Za-z_$][\w$-]*$/.test(segment) ? `.${segment}` : `['${segment}']`,
      )
      .join("")
  );
}
