import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { call } from "../support/routes";

// The audit log API sorts and searches every event in the database (SQLite here), not one page.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-audit-list-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
process.env.EVENTSCOPE_ADMIN_TOKEN = "test-admin-token-audit-list";
fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify({ clusters: [] }));
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
let route: { GET: Parameters<typeof call>[0] };

beforeAll(async () => {
  route = await import("@/app/api/v1/audit/route");
  const { getDb } = await import("@/lib/db");
  const db = await getDb();
  const event = (minute: number, actor: string, action: string, target: string) =>
    db.auditEvent.create({ data: { at: new Date(Date.UTC(2026, 0, 1, 0, minute)), actor, action, target, params: "{}", result: "{}" } });
  await event(1, "carol", "dlq.requeue", "orders.dlq");
  await event(2, "alice", "topic.replay", "100%_done");
  await event(3, "bob", "dlq.discard", "orders.dlq");
  await event(4, "alice", "dlq.requeue", "payments.dlq");
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const list = (query: string) => call(route.GET, `/api/v1/audit?since=2026-01-01T00:00:00Z&${query}`, {}, { headers: auth });
const targets = (body: { events: { target: string; actor: string }[] }) => body.events.map((event) => `${event.actor}:${event.target}`);

describe("GET /api/v1/audit sorted and searched", () => {
  it("is newest first by default and oldest first on request, pages in either order", async () => {
    expect(targets((await list("")).body)).toEqual(["alice:payments.dlq", "bob:orders.dlq", "alice:100%_done", "carol:orders.dlq"]);
    const first = (await list("dir=asc&limit=3")).body;
    expect(targets(first)).toEqual(["carol:orders.dlq", "alice:100%_done", "bob:orders.dlq"]);
    expect(targets((await list(`dir=asc&limit=3&cursor=${first.next}`)).body)).toEqual(["alice:payments.dlq"]);
  });

  it("sorts by user or action, ties by time, and pages by keyset", async () => {
    const first = (await list("sort=actor&limit=1")).body;
    expect(targets(first)).toEqual(["alice:100%_done"]);
    const second = (await list(`sort=actor&limit=1&cursor=${first.next}`)).body;
    expect(targets(second)).toEqual(["alice:payments.dlq"]);
    const rest = (await list(`sort=actor&limit=5&cursor=${second.next}`)).body;
    expect(targets(rest)).toEqual(["bob:orders.dlq", "carol:orders.dlq"]);
    expect(rest.next).toBeUndefined();
    expect(targets((await list("sort=action&dir=desc")).body)).toEqual(["alice:100%_done", "alice:payments.dlq", "carol:orders.dlq", "bob:orders.dlq"]);
  });

  it("searches target and user as plain text, wildcards included", async () => {
    expect(targets((await list("q=ORDERS")).body)).toEqual(["bob:orders.dlq", "carol:orders.dlq"]);
    expect(targets((await list(`q=${encodeURIComponent("%_")}`)).body)).toEqual(["alice:100%_done"]);
    expect(targets((await list(`q=${encodeURIComponent("_")}`)).body)).toEqual(["alice:100%_done"]);
    expect(targets((await list("q=ALI&action=dlq.")).body)).toEqual(["alice:payments.dlq"]);
  });

  it("answers 400 naming the field for a bad sort, dir or an overlong q, and starts over on a foreign cursor", async () => {
    for (const [query, field] of [["sort=target", "sort"], ["dir=up", "dir"], [`q=${"x".repeat(201)}`, "q"]]) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message.startsWith(`${field}:`), answer.body.error.message).toBe(true);
    }
    expect((await list("cursor=bm90LWEtY3Vyc29y")).body.events).toHaveLength(4);
  });
});
