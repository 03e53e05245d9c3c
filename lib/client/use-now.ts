"use client";
import { useEffect, useState } from "react";

/**
 * The current time, updated every `intervalMs` while `active` (ages and ETAs that tick). Starts at
 * 0 until mounted, so server and client render the same thing: callers show nothing time-relative
 * while it is 0.
 */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
