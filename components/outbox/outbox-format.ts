// Display helpers for outbox figures (zod-free, client-safe).
import type { OutboxStatus } from "@/lib/outbox/types";

export const outboxHref = { list: "/outbox", source: (id: string) => `/outbox/${encodeURIComponent(id)}` };

export function formatAgeSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5_400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export const formatCount = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toLocaleString("en-US"));
export const formatRate = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${n < 10 ? n.toFixed(1) : Math.round(n)}/s`);
export const statusLabel = (status: OutboxStatus) => status.toUpperCase();

export { outboxRowTime } from "@/lib/outbox/row-time";
