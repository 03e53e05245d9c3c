"use client";
import { useSyncExternalStore } from "react";
import { applyTheme, readThemeChoice, THEME_CHOICES, type ThemeChoice } from "@/lib/client/theme";

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** System (follows prefers-color-scheme), light or dark; remembered in this browser. */
export function ThemeSwitch() {
  const choice = useSyncExternalStore<ThemeChoice>(subscribe, () => readThemeChoice(window.localStorage), () => "system");
  return (
    <label className="theme-switch">
      <span className="muted">Theme</span>
      <select
        className="input input-sm"
        value={choice}
        aria-label="Theme"
        data-testid="theme-switch"
        onChange={(event) => {
          applyTheme(event.target.value as ThemeChoice, window.localStorage, document.documentElement);
          for (const listener of listeners) listener();
        }}
      >
        {THEME_CHOICES.map((option) => (
          <option key={option} value={option}>
            {option === "system" ? "System" : option === "light" ? "Light" : "Dark"}
          </option>
        ))}
      </select>
    </label>
  );
}
