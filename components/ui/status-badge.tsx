import { Badge, type BadgeTone } from "./badge";

/**
 * Tone for a status word from the API: cluster status (up/down/unknown) or a Burrow-style lag
 * evaluation (OK, WARN, STALL, STOP, REWIND, ERR). Unknown words are shown neutral, never hidden.
 */
export function statusTone(status: string | null | undefined): BadgeTone {
  switch ((status ?? "").toLowerCase()) {
    case "up":
    case "ok":
    case "stable":
    case "healthy":
      return "ok";
    case "warn":
    case "warning":
    case "rebalancing":
    case "preparingrebalance":
    case "completingrebalance":
      return "warn";
    case "down":
    case "stall":
    case "stop":
    case "err":
    case "error":
    case "dead":
      return "danger";
    case "rewind":
      return "info";
    default:
      return "neutral";
  }
}

export function StatusBadge({ status, title }: { status: string | null | undefined; title?: string }) {
  return (
    <Badge tone={statusTone(status)} title={title}>
      {status && status !== "" ? status : "unknown"}
    </Badge>
  );
}

/** The small coloured dot of the sidebar. */
export function StatusDot({ status, title }: { status: string; title?: string }) {
  return <span className={`status-dot status-dot-${statusTone(status)}`} title={title ?? status} aria-label={status} role="img" />;
}
