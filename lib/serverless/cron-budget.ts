// How long one call of the cron route may work. Vercel ends a function at its maxDuration (the
// route says 60 s); the work stops earlier so that a job slice can finish its batch and the answer
// still goes out. EVENTSCOPE_CRON_BUDGET_MS changes it (with a longer maxDuration on paid plans).

export const DEFAULT_CRON_BUDGET_MS = 50_000;
const MIN_MS = 1_000;
const MAX_MS = 780_000; // Vercel's longest function (800 s) less a margin

export function cronBudgetMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.EVENTSCOPE_CRON_BUDGET_MS?.trim();
  if (!raw) return DEFAULT_CRON_BUDGET_MS;
  const value = Number(raw);
  if (!Number.isFinite(value)) return DEFAULT_CRON_BUDGET_MS;
  return Math.min(MAX_MS, Math.max(MIN_MS, Math.round(value)));
}
