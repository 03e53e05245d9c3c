// Issue 12 items 4 and 10 in Chromium, against the real production server, Kafka and JetStream: the
// trace page finds an event older than the newest 1,000 messages of its topic and of its stream, says
// per topic how far back it looked ("looked back to <time> in <topic>: N of M messages, everything
// retained / stopped by the time budget"), ends the story as the timeline does (a requeued event that
// failed again is "in the DLQ again"), lists hits while the scan is still running, and writes every
// time in the zone of the UTC/local switch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { headers as natsHeaders } from "@nats-io/transport-node";
import type { Browser, Page } from "playwright-core";
import { connectNats, createTopic, testKafka } from "../support/brokers";
import { apiCall, eventually, launchBrowser, screenshot, signIn, startConsole, waitForPage, type BrowserSession, type Console } from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const PREFIX = `e2e-trace-${suffix}`;
const TOPIC = `${PREFIX}-orders`;
const DLQ = `${TOPIC}.dlq`;
const STREAM = `${PREFIX}-payments`;
const SUBJECT = `e2e_trace_${suffix}.payments`;
/** Published first, then buried under NEWER_KAFKA (Kafka) and NEWER_NATS (JetStream) newer messages. */
const OLD_ID = `ord-${suffix}-old`;
/** The newest message of the topic: found in the first window of an all-topics trace. */
const FRESH_ID = `ord-${suffix}-fresh`;
const NEWER_KAFKA = 2_500;
const NEWER_NATS = 1_500;
const CLUSTER = "local-kafka";

const kafka = testKafka();
let nats: Awaited<ReturnType<typeof connectNats>>;
let app: Console;
let browser: Browser;
const sessions: BrowserSession[] = [];

const api = <T>(method: string, apiPath: string, body?: unknown) => apiCall<T>(app, app.adminToken, method, apiPath, body);

async function produceDeadLetter(producer: ReturnType<typeof kafka.producer>, error: string) {
  await producer.send({
    topic: DLQ,
    messages: [
      {
        key: OLD_ID,
        value: JSON.stringify({ order_id: OLD_ID, amount: 12 }),
        headers: { "x-original-topic": TOPIC, "x-original-partition": "0", "x-original-offset": "0", "x-error": error, "x-attempts": "3" },
      },
    ],
  });
}

beforeAll(async () => {
  await createTopic(kafka, TOPIC, 1);
  await createTopic(kafka, DLQ, 1);
  const producer = kafka.producer();
  await producer.connect();
  nats = await connectNats();
  try {
    await producer.send({ topic: TOPIC, messages: [{ key: OLD_ID, value: JSON.stringify({ order_id: OLD_ID, amount: 12 }) }] });
    for (let start = 0; start < NEWER_KAFKA; start += 500) {
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: 500 }, (_, i) => ({ key: `ord-${suffix}-n${start + i}`, value: JSON.stringify({ order_id: `ord-${suffix}-n${start + i}`, amount: i }) })),
      });
    }
    await produceDeadLetter(producer, "payment declined: card expired");

    await nats.jsm.streams.add({ name: STREAM, subjects: [SUBJECT] });
    const h = natsHeaders();
    h.set("x-event-id", OLD_ID);
    await nats.js.publish(SUBJECT, JSON.stringify({ order_id: OLD_ID, paid: true }), { headers: h });
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < NEWER_NATS; i++) {
      pending.push(nats.js.publish(SUBJECT, JSON.stringify({ order_id: `ord-${suffix}-p${i}`, paid: true })));
      if (pending.length === 200) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);

    app = await startConsole("trace");
    // The operator requeues the dead letter; the copy fails again and lands in the DLQ a second time.
    const created = await api<{ job: { id: string } }>("POST", `/clusters/${CLUSTER}/dlq/${encodeURIComponent(DLQ)}/requeue`, { all: true });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const job = await eventually("the requeue to finish", async () => {
      const { body } = await api<{ state: string }>("GET", `/jobs/${created.body.job.id}`);
      return ["succeeded", "failed", "cancelled"].includes(body.state) ? body : undefined;
    }, 90_000);
    expect(job.state).toBe("succeeded");
    await produceDeadLetter(producer, "payment declined: card expired again");
    // Last of all: the topic's newest message, for the all-topics trace.
    await producer.send({ topic: TOPIC, messages: [{ key: FRESH_ID, value: JSON.stringify({ order_id: FRESH_ID, amount: 1 }) }] });
  } finally {
    await producer.disconnect();
  }
  browser = await launchBrowser();
}, 300_000);

screenshotOnFailure(() => sessions);

afterAll(async () => {
  for (const session of sessions) await session.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await nats?.jsm.streams.delete(STREAM).catch(() => undefined);
  await nats?.nc.close().catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC, DLQ] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  for (const session of sessions) expect(session.pageErrors, "uncaught errors in the pages").toEqual([]);
});

/** A signed-in admin in Kolkata (+05:30, no daylight saving): the UTC/local switch visibly changes times. */
async function session(): Promise<BrowserSession> {
  const signedIn = await signIn(browser, app, app.admin, { timezoneId: "Asia/Kolkata" });
  sessions.push(signedIn);
  return signedIn;
}

const outcomeOf = (page: Page) =>
  eventually("the trace's result", async () => {
    const outcome = page.getByTestId("trace-outcome");
    return (await outcome.count()) > 0 ? outcome : undefined;
  }, 120_000, 250);

const coverageLine = (page: Page, topic: string) => page.locator(`[data-testid="trace-coverage"] li[data-topic="${topic}"]`);

describe("the trace page", () => {
  it("finds an event older than the newest 1,000 messages in Kafka and JetStream, says how far back it looked, and ends the story as the timeline does", async () => {
    const { page } = await session();
    await page.goto(`/trace?id=${encodeURIComponent(OLD_ID)}&topic=${encodeURIComponent(`${PREFIX}-*`)}`);
    await waitForPage(page, "Trace an event");
    const outcome = await outcomeOf(page);

    // Requeued, then dead-lettered again: the timeline ends in the DLQ, and so does the outcome.
    expect(await outcome.getAttribute("data-outcome")).toBe("dead-lettered-again");
    expect((await outcome.innerText()).trim()).toBe("in the DLQ again, not processed");
    const timeline = page.getByTestId("trace-timeline").locator("li");
    const kinds = await timeline.evaluateAll((items) => items.map((item) => [...item.classList].find((name) => name.startsWith("trace-kind-"))));
    expect(kinds.at(-1)).toBe("trace-kind-dead-lettered");
    expect(kinds).toContain("trace-kind-requeued");
    const titles = (await timeline.locator(".trace-event-title").allInnerTexts()).map((text) => text.trim());
    // The original message at offset 0, under 2,500 newer ones (and the requeued copy and one more).
    expect(titles).toContain(`Published to ${TOPIC} (${CLUSTER}) partition 0 offset 0`);
    // The JetStream message at sequence 1, under 1,500 newer ones.
    expect(titles).toContainEqual(expect.stringMatching(new RegExp(`^Published to ${STREAM} \\(local-nats\\) partition 0 offset 1$`)));

    // How far back each topic was read: everything, in this scope.
    const kafkaLine = coverageLine(page, TOPIC);
    const utcLine = (await kafkaLine.locator(".trace-coverage-text").innerText()).trim();
    expect(utcLine).toMatch(
      new RegExp(`^looked back to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC in ${TOPIC} \\(${CLUSTER}\\): 2,503 of 2,503 messages, everything retained$`),
    );
    expect(await kafkaLine.getAttribute("data-complete")).toBe("true");
    expect((await coverageLine(page, STREAM).locator(".trace-coverage-text").innerText()).trim()).toMatch(
      new RegExp(`^looked back to \\S+ \\S+ UTC in ${STREAM} \\(local-nats\\): 1,501 of 1,501 messages, everything retained$`),
    );
    expect((await coverageLine(page, DLQ).locator(".trace-coverage-text").innerText()).trim()).toMatch(/: 2 of 2 messages, everything retained$/);
    expect((await page.getByTestId("trace-coverage-summary").innerText()).trim()).toBe("3 of 3 topics read back to their start.");
    const firstEventTime = (await timeline.first().locator(".trace-event-time").innerText()).trim();
    expect(firstEventTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    await screenshot(page, "50-trace-dlq-again");

    // Issue 12 item 10: the coverage and the timeline follow the UTC/local switch.
    await page.getByTestId("time-zone-switch").selectOption("local");
    const localLine = await eventually("the coverage in the browser's zone", async () => {
      const text = (await kafkaLine.locator(".trace-coverage-text").innerText()).trim();
      return text.includes("+05:30") ? text : undefined;
    }, 30_000, 250);
    expect(localLine).toMatch(new RegExp(`^looked back to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+05:30 in ${TOPIC} `));
    const instant = (text: string) => {
      const [, day, time, zone] = text.match(/(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{3})?) (UTC|[+-]\d\d:\d\d)/)!;
      return Date.parse(`${day}T${time}${zone === "UTC" ? "Z" : zone}`);
    };
    expect(instant(localLine)).toBe(instant(utcLine));
    const localEventTime = (await timeline.first().locator(".trace-event-time").innerText()).trim();
    expect(localEventTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+05:30$/);
    expect(instant(localEventTime)).toBe(instant(firstEventTime));
    // No raw ISO time anywhere on the page's text (the server's truncation sentence had them).
    expect(await page.locator("main").innerText()).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    await page.getByTestId("time-zone-switch").selectOption("utc");
  });

  it("lists hits while the scan of every topic is still running, then the coverage of every topic it read", async () => {
    const { page } = await session();
    // Every row of the "Found so far" list, recorded the moment it is rendered (before the result replaces it).
    await page.addInitScript(() => {
      const seen = new Set<string>();
      (window as unknown as { __traceLiveRows: Set<string> }).__traceLiveRows = seen;
      new MutationObserver(() => {
        const list = document.querySelector('[data-testid="trace-live-hits"]');
        const running = document.querySelector(".trace-progress");
        if (list && running) for (const row of list.querySelectorAll("tbody tr")) seen.add((row as HTMLElement).innerText);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`/trace?id=${encodeURIComponent(FRESH_ID)}`);
    await waitForPage(page, "Trace an event");
    const outcome = await outcomeOf(page);
    const liveRows = await page.evaluate(() => [...(window as unknown as { __traceLiveRows: Set<string> }).__traceLiveRows]);
    expect(liveRows.some((row) => row.includes(TOPIC)), `rows shown while scanning: ${JSON.stringify(liveRows)}`).toBe(true);
    expect(await page.getByTestId("trace-live-hits").count()).toBe(0);
    expect(await outcome.getAttribute("data-outcome")).toBe("published");
    // The result's table has it too, and the coverage names the topic (read whole or stopped by the budget).
    await expect.poll(() => page.getByRole("table", { name: "Trace hits" }).getByText(TOPIC).count()).toBeGreaterThan(0);
    expect((await coverageLine(page, TOPIC).locator(".trace-coverage-text").innerText()).trim()).toMatch(
      new RegExp(`^looked back to \\S+ \\S+ UTC in ${TOPIC} \\(${CLUSTER}\\): [\\d,]+ of 2,503 messages, (everything retained|stopped by the time budget)$`),
    );
    expect((await page.getByTestId("trace-coverage-summary").innerText()).trim()).toMatch(/^[\d,]+ of [\d,]+ topics read back to their start/);
    await screenshot(page, "51-trace-all-topics");
  });
});
