import { formatDrain, formatRate, NOT_DRAINING } from "@/lib/client/format";

/**
 * When the lag will be gone at the current consume rate: "3 m 20 s at 120/s", "no lag",
 * "keeping up" (an OK group whose lag is steady), "not draining" (consumers no faster than producers:
 * the status reason says more), or "unknown". `status` is the group's lag evaluation: an OK group is
 * never said to be "not draining".
 */
export function DrainEstimate({
  drainSeconds,
  lag,
  consumeRate,
  status,
}: {
  drainSeconds: number | null | undefined;
  lag: number | null | undefined;
  consumeRate?: number | null;
  status: string | null | undefined;
}) {
  const text = formatDrain(drainSeconds, lag, consumeRate, status);
  const draining = typeof drainSeconds === "number" && Number.isFinite(drainSeconds) && (lag ?? 0) > 0;
  const tone = text === NOT_DRAINING ? "drain-stuck" : draining ? "drain-going" : "drain-none";
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
