// (issue 14, item 2) A Redis Streams group's pending entries clicked through in Chromium against the
// production server and the real Redis: the list sorted by idle time, two entries selected and
// claimed to a new consumer after a confirmation that states the count and warns the consumer is
// new, then every entry idle longer than 5 minutes acknowledged, then the rest dead-lettered to
// `<stream>:dlq`; a consumer name with a trailing space and a delivery count of 0 refused in the form.
// Checked in Redis itself (XPENDING, XLEN).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { DEFAULT_CLUSTERS, eventually, REDIS_URL, screenshot, startSignedIn, stopSignedIn, waitForPage, type SignedInConsole } from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const STREAM = `e2e-streams-pel-${randomUUID().slice(0, 8)}`;
const GROUP = `${STREAM}.billing`;
const CLUSTERS = [...DEFAULT_CLUSTERS, { id: "local-streams", name: "Local Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: "e2e-streams-*", samplingIntervalMs: 1000 }];

let redis: Redis;
let parts: SignedInConsole | undefined;
let ids: string[];

const owners = async () => {
  const rows = (await redis.call("XPENDING", STREAM, "billing", "-", "+", 100)) as [string, string][];
  const out: Record<string, string[]> = {};
  for (const [id, consumer] of rows) (out[consumer] ??= []).push(id);
  return out;
};

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  const pipeline = redis.pipeline();
  for (let i = 0; i < 12; i++) pipeline.xadd(STREAM, "*", "order", String(i));
  ids = ((await pipeline.exec()) ?? []).map(([, id]) => String(id));
  await redis.xgroup("CREATE", STREAM, "billing", "0");
  // crashy took 8 entries and died ten minutes ago (XCLAIM ... IDLE sets that); healthy holds 2 now.
  await redis.xreadgroup("GROUP", "billing", "crashy", "COUNT", 8, "STREAMS", STREAM, ">");
  await redis.call("XCLAIM", STREAM, "billing", "crashy", 0, ...ids.slice(0, 8), "IDLE", 600_000, "JUSTID");
  await redis.xreadgroup("GROUP", "billing", "healthy", "COUNT", 2, "STREAMS", STREAM, ">");
  parts = await startSignedIn("pending", { extraConfig: { clusters: CLUSTERS } });
}, 240_000);

screenshotOnFailure(() => (parts ? [parts.session] : []));

afterAll(async () => {
  await stopSignedIn({ app: parts?.app, browser: parts?.browser, sessions: [parts?.session] });
  await redis?.del(STREAM, `${STREAM}:dlq`).catch(() => undefined);
  await redis?.quit().catch(() => undefined);
  expect(parts?.session.pageErrors ?? [], "uncaught errors in the pages").toEqual([]);
});

describe("pending entries of a Redis Streams group", () => {
  it("claims two selected entries to a new consumer, acks every entry idle longer than 5 minutes, dead-letters the rest", async () => {
    const { page } = parts!.session;
    await page.goto(`/clusters/local-streams/consumers/${encodeURIComponent(GROUP)}`);
    await waitForPage(page, GROUP);
    const panel = page.getByTestId("pending-panel");
    await panel.waitFor();
    const rowIds = panel.getByTestId("pending-id");
    await eventually("10 pending entries", async () => (await rowIds.count()) === 10, 30_000, 250);

    // Sorted by idle time, crashy's ten-minute-old entries come first.
    await panel.getByRole("button", { name: "Idle", exact: true }).click();
    await eventually("idle order", async () => {
      const idle = await panel.locator("[data-idle-ms]").evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-idle-ms"))));
      return idle.length === 10 && idle.every((v, i) => i === 0 || idle[i - 1] >= v) && idle[7] >= 600_000 && idle[8] < 600_000;
    }, 30_000, 250);

    // A name with a trailing space would create a second consumer: refused in the form, no dialog.
    await page.getByTestId("pending-consumer").fill("rescuer ");
    await page.getByTestId("pending-claim-idle").click();
    await panel.getByText("Starts or ends with a space").waitFor();
    expect(await page.getByTestId("pending-confirm").isVisible()).toBe(false);

    const chosen = [ids[0], ids[1]];
    for (const id of chosen) await panel.locator(`[data-testid="pending-select"][data-id="${id}"]`).check();
    await page.getByTestId("pending-consumer").fill("rescuer");
    await page.getByTestId("pending-claim-selected").click();
    const count = page.getByTestId("pending-confirm-count");
    await eventually("the claim's count", async () => (await count.getAttribute("data-count")) === "2", 30_000, 250);
    await page.getByTestId("pending-new-consumer").waitFor();
    await screenshot(page, "pending-claim-confirm");
    await page.getByTestId("pending-confirm").click();
    await page.getByTestId("pending-queued").waitFor();
    await eventually("rescuer holds the two entries", async () => JSON.stringify((await owners()).rescuer) === JSON.stringify(chosen), 60_000, 250);

    // The claimed ones are busy again; the 6 other entries of crashy are still idle ten minutes.
    await page.getByTestId("pending-idle").fill("5");
    await page.getByTestId("pending-idle-unit").selectOption("min");
    await page.getByTestId("pending-ack-idle").click();
    await eventually("the ack's count", async () => (await count.getAttribute("data-count")) === "6", 30_000, 250);
    await page.getByTestId("pending-confirm").click();
    await eventually("crashy's entries acknowledged", async () => (await owners()).crashy === undefined, 60_000, 250);
    const left = await owners();
    expect(left).toEqual({ rescuer: chosen, healthy: [ids[8], ids[9]] });
    await eventually("the list shows the 4 left", async () => (await rowIds.count()) === 4, 30_000, 250);
    await screenshot(page, "pending-after-ack");

    // What is left was delivered once each: "delivered at least 1 time" moves all 4 to the dead-letter stream.
    await page.getByTestId("pending-deliveries").fill("0");
    await page.getByTestId("pending-dead-letter").click();
    await panel.getByText("A whole number, 1 or more").waitFor();
    await page.getByTestId("pending-deliveries").fill("1");
    await page.getByTestId("pending-dead-letter").click();
    await eventually("the dead-letter count", async () => (await count.getAttribute("data-count")) === "4", 30_000, 250);
    expect(await count.innerText()).toContain(`${STREAM}:dlq`);
    await page.getByTestId("pending-confirm").click();
    await eventually("4 entries in the dead-letter stream", async () => (await redis.xlen(`${STREAM}:dlq`)) === 4, 60_000, 250);
    expect(await owners()).toEqual({});
  });
});
