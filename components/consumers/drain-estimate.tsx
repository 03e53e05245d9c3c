import { formatDrain, formatRate } from "@/lib/client/format";

/**
 * When the lag will be gone at the current consume rate: "3 m 20 s at 120/s", "no lag",
 * "not draining" (consumers no faster than producers: the status reason says more), or "unknown".
 */
export function DrainEstimate({
  drainSeconds,
  lag,
  consumeRate,
}: {
  drainSeconds: number | null | undefined;
  lag: number | null | undefined;
  consumeRate?: number | null;
}) {
  const text = formatDrain(drainSeconds, lag, consumeRate);
  const draining = typeof drainSeconds === "number" && Number.isFinite(drainSeconds) && (lag ?? 0) > 0;
  const tone = text === "not draining" ? "drain-stuck" : draining ? "drain-going" : "drain-none";
  return (
    <span
      className={`drain ${tone}`}
      title="Estimated time until the lag is gone: lag ÷ (consume rate − produce rate)"
    >
      {text}
      {draining && typeof consumeRate === "number" && Number.isFinite(consumeRate) ? (
        <span className="drain-rate"> at {formatRate(consumeRate)}</span>
      ) : null}
    </span>
  );
}
