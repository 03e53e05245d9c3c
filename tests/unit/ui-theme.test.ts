import { describe, expect, it } from "vitest";
import { applyTheme, readThemeChoice, THEME_STORAGE_KEY } from "@/lib/client/theme";

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    data,
  };
}

describe("theme choice", () => {
  it("defaults to the system and ignores unknown values", () => {
    expect(readThemeChoice(memoryStorage())).toBe("system");
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: "purple" }))).toBe("system");
    expect(readThemeChoice(undefined)).toBe("system");
  });

  it("remembers light or dark on <html>, and system removes both", () => {
    const storage = memoryStorage();
    const root = { dataset: {} as Record<string, string | undefined> };
    applyTheme("dark", storage, root);
    expect(root.dataset.theme).toBe("dark");
    expect(readThemeChoice(storage)).toBe("dark");
    applyTheme("system", storage, root);
    expect(root.dataset.theme).toBeUndefined();
    expect(storage.data.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it("still applies when storage throws", () => {
    const root = { dataset: {} as Record<string, string | undefined> };
    const broken = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); }, removeItem: () => undefined };
    applyTheme("light", broken, root);
    expect(root.dataset.theme).toBe("light");
    expect(readThemeChoice(broken)).toBe("system");
  });
});
