// Kept apart from stack.ts so the harness can be used outside Vitest (a tsx script while debugging).
import path from "node:path";
import { beforeEach } from "vitest";
import { ROOT, screenshot, type BrowserSession } from "./stack";

/** On a failed test, a screenshot of every open page (`FAILED-<test>-<n>.png`) and where it was. */
export function screenshotOnFailure(sessions: () => BrowserSession[]): void {
  beforeEach((context) => {
    context.onTestFailed(async () => {
      const slug = context.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
      let n = 0;
      for (const session of sessions()) {
        for (const page of session.context.pages()) {
          if (page.isClosed()) continue;
          const file = await screenshot(page, `FAILED-${slug}-${n++}`).catch(() => null);
          if (file) console.error(`[e2e] failure screenshot of ${page.url()}: ${path.relative(ROOT, file)}`);
        }
      }
    });
  });
}
