import "server-only";
import { getDb } from "@/lib/db";
import { RETENTION_MS } from "@/lib/metrics/history-store";
import type { OutcomePoint } from "./outcome-rates";

// Metrics sources' history beyond the process: one scrape a minute per source, its counter totals
// per event type (OutcomePoint rows, kept as long as the clusters' history). A sampler that starts
// (a restart, a new serverless instance) reads the last hour back, so rates, ratios and the chart
// run on across the restart instead of beginning at it. Totals, not rates, are stored: the rates
// between the last point before and the first after a restart come out right, and a service that
// restarted meanwhile reads as a counter reset (outcome-rates.ts).

export interface OutcomeHistoryStore {
  /** Stores one scrape's totals (the sampler calls it once a minute). */
  save(sourceId: string, at: number, totals: ReadonlyMap<string, { success: number; failure: number }>): Promise<void>;
  /** Stored points since `from` (epoch ms), per type, oldest first. */
  load(sourceId: string, from: number): Promise<Map<string, OutcomePoint[]>>;
}

export const dbOutcomeHistory: OutcomeHistoryStore = {
  async save(sourceId, at, totals) {
    if (totals.size === 0) return;
    const t = new Date(at);
    const db = await getDb();
    await db.$transaction([
      db.outcomePoint.deleteMany({ where: { sourceId, t } }),
      db.outcomePoint.createMany({ data: [...totals].map(([type, { success, failure }]) => ({ sourceId, type, t, success, failure })) }),
    ]);
    await db.outcomePoint.deleteMany({ where: { sourceId, t: { lt: new Date(Date.now() - RETENTION_MS) } } });
  },

  async load(sourceId, from) {
    const db = await getDb();
    const rows = await db.outcomePoint.findMany({ where: { sourceId, t: { gte: new Date(from) } }, orderBy: { t: "asc" } });
    const byType = new Map<string, OutcomePoint[]>();
    for (const row of rows) {
      let series = byType.get(row.type);
      if (!series) byType.set(row.type, (series = []));
      series.push({ t: row.t.getTime(), success: row.success, failure: row.failure });
    }
    return byType;
  },
};
