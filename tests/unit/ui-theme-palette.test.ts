// Issue 12 item 11: charts readable in both themes, and one palette for both. Reads app/globals.css
// as the browser gets it: every colour of :root is light-dark(<light>, <dark>); the chart colours the
// components use (components/charts/chart-theme.ts) are those variables, and every chart line stands
// out from the chart's background (--surface) by at least 3:1 (WCAG's non-text contrast) in each theme.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_COLORS, SERIES_COLORS } from "@/components/charts/chart-theme";

const css = fs.readFileSync(path.join(process.cwd(), "app", "globals.css"), "utf8");

/** The declarations of the first rule with exactly this selector. */
function block(selector: string): string {
  const start = css.indexOf(`\n${selector} {`);
  if (start < 0) return "";
  return css.slice(css.indexOf("{", start) + 1, css.indexOf("\n}", start));
}

const root = block(":root");
const variables = new Map([...root.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));

function pair(name: string): { light: string; dark: string } {
  const value = variables.get(name);
  const m = value?.match(/^light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)$/i);
  if (!m) throw new Error(`${name} is not light-dark(#rrggbb, #rrggbb) in :root: ${value}`);
  return { light: m[1]!, dark: m[2]! };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
const variableOf = (value: string) => value.match(/^var\((--[\w-]+)\)$/)?.[1];

describe("one palette for both themes", () => {
  it("defines every theme colour once, in :root, as light-dark(); the theme rules only set color-scheme", () => {
    expect(root).toMatch(/color-scheme:\s*light dark;/);
    for (const name of ["--bg", "--surface", "--text", "--text-muted", "--border", "--accent", "--ok", "--warn", "--danger"]) pair(name);
    // No second copy of the palette: no custom property is declared under a dark media query or a data-theme rule.
    expect(css).not.toMatch(/@media\s*\(prefers-color-scheme/);
    for (const theme of ["dark", "light"]) {
      const rule = block(`:root[data-theme="${theme}"]`);
      expect(rule, theme).toMatch(new RegExp(`color-scheme:\\s*${theme};`));
      expect(rule, theme).not.toMatch(/--[\w-]+\s*:/);
    }
  });
});

describe("charts readable in both themes", () => {
  const surface = pair("--surface");
  const lines = { ...Object.fromEntries(Object.entries(CHART_COLORS).filter(([key]) => key !== "grid")), ...Object.fromEntries(SERIES_COLORS.map((color, index) => [`series ${index + 1}`, color])) };

  it("draws with theme variables only, never a literal colour", () => {
    for (const [name, value] of Object.entries({ ...CHART_COLORS, ...Object.fromEntries(SERIES_COLORS.map((c, i) => [`s${i}`, c])) })) {
      const variable = variableOf(value);
      expect(variable, `${name}: ${value}`).toBeDefined();
      expect(variables.has(variable!), `${variable} in :root`).toBe(true);
    }
    expect(new Set(SERIES_COLORS).size).toBe(SERIES_COLORS.length);
  });

  it("every line, the axis labels and the group total stand out from the chart background by 3:1 in light and dark", () => {
    const weak: string[] = [];
    for (const [name, value] of Object.entries(lines)) {
      const colours = pair(variableOf(value)!);
      for (const theme of ["light", "dark"] as const) {
        const ratio = contrast(colours[theme], surface[theme]);
        if (ratio < 3) weak.push(`${name} ${colours[theme]} on ${surface[theme]} (${theme}): ${ratio.toFixed(2)}:1`);
      }
    }
    expect(weak).toEqual([]);
  });

  it("the grid stays quieter than the lines but visible in both themes", () => {
    const grid = pair(variableOf(CHART_COLORS.grid)!);
    for (const theme of ["light", "dark"] as const) {
      const ratio = contrast(grid[theme], surface[theme]);
      expect(ratio, theme).toBeGreaterThan(1.1);
      expect(ratio, theme).toBeLessThan(3);
    }
  });
});
