import "server-only";
import { joinStoredAndLive, type LagPoint, type RatePoint } from "./history";
import type { HistoryAnswer } from "./history-query";
import { storedLagHistory, storedRateHistory } from "./history-store";

// Windows up to an hour are read from memory; after a restart memory holds only the minutes since,
// so the older part of the window comes from the minute points in the database (history-store.ts).

export async function rateHistoryWithStored(cluster: string, topic: string, from: number, live: HistoryAnswer<RatePoint>): Promise<RatePoint[]> {
  if (live.covers) return live.points;
  return joinStoredAndLive(await storedRateHistory(cluster, topic, from), live.points);
}

export async function lagHistoryWithStored(cluster: string, group: string, from: number, live: HistoryAnswer<LagPoint>): Promise<LagPoint[]> {
  if (live.covers) return live.points;
  return joinStoredAndLive(await storedLagHistory(cluster, group, from), live.points);
}
