// Dynamic route segments (cluster id, topic, group) as the pages receive them.

/**
 * The segment's real value. Next.js hands page params over still percent-encoded, so a group named
 * "orders/eu" (linked as "orders%2Feu") arrives encoded; decode once, and keep the raw text if it is
 * not valid percent-encoding (a hand-typed URL with a stray "%").
 */
export function decodeRouteParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
