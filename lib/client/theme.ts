// The colour theme: "system" follows prefers-color-scheme (the default), "light" and "dark" are an
// operator's choice, remembered in localStorage. The choice is a data-theme attribute on <html>,
// set before the first paint by THEME_BOOT_SCRIPT (no flash of the other theme). Pure, unit-tested.

export const THEME_CHOICES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const THEME_STORAGE_KEY = "eventscope.theme";

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function readThemeChoice(storage: Pick<KeyValueStore, "getItem"> | undefined): ThemeChoice {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY);
    return (THEME_CHOICES as readonly string[]).includes(stored ?? "") ? (stored as ThemeChoice) : "system";
  } catch {
    return "system"; // storage blocked (privacy mode): follow the system
  }
}

/** Stores the choice and sets (or, for "system", removes) data-theme on the root element. */
export function applyTheme(choice: ThemeChoice, storage: KeyValueStore | undefined, root: { dataset: Record<string, string | undefined> }): void {
  try {
    if (choice === "system") storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // not remembered, still applied
  }
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Runs in <head> before the page paints: the remembered theme, if any. */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;
