import { StatusBadge } from "@/components/ui/status-badge";

/**
 * A lag evaluation (OK, WARN, ERR, STALL, STOP, REWIND, UNKNOWN) with the sentence explaining it:
 * as the badge's tooltip, read out to screen readers, and written next to it with `showReason`
 * (tables inside a scrolling wrapper would clip a floating tooltip, so the text goes inline there).
 */
export function LagStatusBadge({
  status,
  reason,
  showReason = false,
}: {
  status: string | null | undefined;
  reason?: string | null;
  showReason?: boolean;
}) {
  const text = reason && reason.trim() !== "" ? reason : undefined;
  return (
    <span className="lag-status">
      <StatusBadge status={status} title={text} />
      {text && showReason ? (
        <span className="lag-status-reason">{text}</span>
      ) : text ? (
        <span className="sr-only">: {text}</span>
      ) : null}
    </span>
  );
}

/** Whether a status deserves its reason on screen (anything but a healthy or unknown group). */
export function isNoteworthyStatus(status: string | null | undefined): boolean {
  const word = (status ?? "").toUpperCase();
  return word !== "" && word !== "OK" && word !== "UNKNOWN";
}
