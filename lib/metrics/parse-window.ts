// History windows as operators type them: 5m, 15m, 1h, 24h, 7d.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const MAX_WINDOW_MS = 7 * 86_400_000;

export function parseWindow(text: string | undefined, fallbackMs = 15 * 60_000): number | null {
  if (text === undefined || text === "") return fallbackMs;
  const match = /^(\d{1,4})([smhd])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return ms > 0 && ms <= MAX_WINDOW_MS ? ms : null;
}
