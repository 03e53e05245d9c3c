"use client";
import { formatTtl, remainingTtl } from "@/lib/client/idempotency-format";
import { useNow } from "@/lib/client/use-now";

/** A record's TTL counting down from when it was fetched (the server's figure, the browser's clock for the ticking). */
export function TtlCountdown({ ttlSeconds, fetchedAt }: { ttlSeconds: number | null; fetchedAt: number }) {
  const now = useNow(1_000, ttlSeconds !== null);
  if (ttlSeconds === null) return <span className="muted">no expiry</span>;
  // Until mounted (now = 0) show the fetched figure, so server and client render the same.
  const left = now === 0 ? ttlSeconds : remainingTtl(ttlSeconds, fetchedAt, now);
  return (
    <span className={`idem-ttl ${left <= 300 ? "idem-ttl-low" : ""}`} title={`${left} s left${left <= 300 ? " (expires within 5 minutes)" : ""}`}>
      {formatTtl(left)}
    </span>
  );
}
