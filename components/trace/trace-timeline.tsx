import type { TimelineEvent } from "@/lib/trace/types";
import { revealControlChars } from "@/lib/client/message-value";
import { Time } from "@/components/ui/time";

/** The story of one event, oldest first; events of unknown time at the end. */
export function TraceTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="trace-timeline" aria-label="Timeline" data-testid="trace-timeline">
      {events.map((event, index) => (
        <li key={`${index}-${event.kind}`} className={`trace-event trace-kind-${event.kind}`}>
          <span className="trace-event-dot" aria-hidden="true" />
          <span className="trace-event-title">{revealControlChars(event.title)}</span>
          <span className="trace-event-time">
            {event.at ? <Time value={event.at} milliseconds /> : "time unknown"}
          </span>
          {event.detail ? <div className="trace-event-detail">{revealControlChars(event.detail)}</div> : null}
        </li>
      ))}
    </ol>
  );
}
