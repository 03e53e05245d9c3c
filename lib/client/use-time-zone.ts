"use client";
// The zone times are shown in, per browser (localStorage): "utc" (default) or "local".
import { useSyncExternalStore } from "react";
import type { TimeZoneChoice } from "./format";

const TIME_ZONE_KEY = "eventscope.timeZone";
const CHANGED = "eventscope:time-zone";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function readTimeZone(): TimeZoneChoice {
  try {
    return window.localStorage.getItem(TIME_ZONE_KEY) === "local" ? "local" : "utc";
  } catch {
    return "utc"; // storage blocked: stay on the default
  }
}

/**
 * The zone times are shown in. The server renders UTC and so does the client while it hydrates
 * (React uses the server snapshot then), switching to the operator's choice right after: no #418.
 */
export function useTimeZone(): TimeZoneChoice {
  return useSyncExternalStore(subscribe, readTimeZone, () => "utc");
}

export function setTimeZone(zone: TimeZoneChoice): void {
  try {
    window.localStorage.setItem(TIME_ZONE_KEY, zone);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  window.dispatchEvent(new Event(CHANGED));
}
