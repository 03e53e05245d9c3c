"use client";
import { TIME_WINDOWS } from "@/lib/client/time-window";
import { useTimeWindow } from "@/lib/client/use-time-window";

/** 5 m · 1 h · 24 h · 7 d, stored in the URL (`?window=`) so a shared link shows the same charts. */
export function TimeWindowPicker() {
  const [current, setWindow] = useTimeWindow();
  return (
    <div className="segmented" role="group" aria-label="Time window">
      {TIME_WINDOWS.map((window) => (
        <button
          key={window.id}
          type="button"
          className={`segmented-item ${window.id === current.id ? "segmented-item-active" : ""}`}
          aria-pressed={window.id === current.id}
          onClick={() => setWindow(window.id)}
        >
          {window.label}
        </button>
      ))}
    </div>
  );
}
