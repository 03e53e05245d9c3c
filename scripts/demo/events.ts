// Versioned JSON events of the demo (the envelope of the seed articles) and the ways they go wrong.
import { randomUUID } from "node:crypto";

export interface Envelope<T> {
  id: string;
  type: string;
  version: number;
  occurred_at: string;
  source: string;
  data: T;
}

export interface OrderItem {
  sku: string;
  qty: number;
  price: number;
}

export interface OrderCreated {
  order_id: string;
  user_id: string;
  amount: number;
  currency: string;
  items: OrderItem[];
  phone: string;
}

export interface OrderPaid {
  order_id: string;
  user_id: string;
  amount: number;
  currency: string;
  payment_id: string;
  method: string;
}

/** An encoded event ready to publish: the key (order id), the bytes, and what it is. */
export interface Outgoing {
  key: string | null;
  value: string;
  /** Event id, when the payload has one (poison messages may not). */
  id: string | null;
  kind: "valid" | "poison" | "duplicate";
  headers: Record<string, string>;
}

const SKUS = ["SKU-TEA-01", "SKU-MUG-02", "SKU-PEN-03", "SKU-BAG-04", "SKU-CAP-05", "SKU-USB-06"];
const METHODS = ["card", "wallet", "bank_transfer"];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Order ids: numeric strings, unique per run (a run prefix from the clock) so reruns don't collide. */
export class OrderIds {
  private n = 0;
  private readonly base: number;
  constructor() {
    // 1001-style ids grow with time: 7 digits from the clock, then a counter.
    this.base = (Math.floor(Date.now() / 1000) % 10_000_000) * 10_000;
  }
  next(): string {
    this.n += 1;
    return String(this.base + this.n);
  }
}

export function orderCreated(orderId: string): Envelope<OrderCreated> {
  const items = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => ({
    sku: pick(SKUS),
    qty: 1 + Math.floor(Math.random() * 3),
    price: round2(2 + Math.random() * 60),
  }));
  return {
    id: randomUUID(),
    type: "order.created",
    version: 1,
    occurred_at: new Date().toISOString(),
    source: "order-service",
    data: {
      order_id: orderId,
      user_id: `u-${100 + Math.floor(Math.random() * 900)}`,
      amount: round2(items.reduce((sum, it) => sum + it.qty * it.price, 0)),
      currency: "EUR",
      items,
      phone: `+1-555-01${String(Math.floor(Math.random() * 100)).padStart(2, "0")}`,
    },
  };
}

export function orderPaid(orderId: string): Envelope<OrderPaid> {
  return {
    id: randomUUID(),
    type: "order.paid",
    version: 1,
    occurred_at: new Date().toISOString(),
    source: "payment-service",
    data: {
      order_id: orderId,
      user_id: `u-${100 + Math.floor(Math.random() * 900)}`,
      amount: round2(5 + Math.random() * 150),
      currency: "EUR",
      payment_id: `pay_${randomUUID().slice(0, 8)}`,
      method: pick(METHODS),
    },
  };
}

function headersFor(type: string, id: string | null): Record<string, string> {
  const h: Record<string, string> = { "content-type": "application/json", "x-event-type": type };
  if (id) h["x-event-id"] = id;
  return h;
}

export function encode(event: Envelope<unknown>): Outgoing {
  const key = (event.data as { order_id?: string } | undefined)?.order_id ?? null;
  return { key, value: JSON.stringify(event), id: event.id, kind: "valid", headers: headersFor(event.type, event.id) };
}

/**
 * A poison order.created message: the kinds of breakage a bad deploy produces.
 * Rotates through the kinds so every one shows up even in a short run.
 */
let poisonTurn = 0;
export function poisonOrderCreated(orderId: string): Outgoing {
  const good = orderCreated(orderId);
  const kind = poisonTurn++ % 6;
  const headers = headersFor("order.created", good.id);
  switch (kind) {
    case 0: {
      // Truncated JSON (a producer that wrote half a buffer).
      const text = JSON.stringify(good);
      return { key: orderId, value: text.slice(0, Math.floor(text.length * 0.6)), id: good.id, kind: "poison", headers };
    }
    case 1:
      // Not JSON at all (a debug print that went to the topic).
      return { key: orderId, value: `order ${orderId} created for ${good.data.user_id}`, id: null, kind: "poison", headers };
    case 2: {
      const { order_id: _omit, ...rest } = good.data;
      return { key: orderId, value: JSON.stringify({ ...good, data: rest }), id: good.id, kind: "poison", headers };
    }
    case 3: {
      const { id: _omit, ...rest } = good;
      return { key: orderId, value: JSON.stringify(rest), id: null, kind: "poison", headers: headersFor("order.created", null) };
    }
    case 4:
      // Amount as a string (a schema change on the producer side).
      return {
        key: orderId,
        value: JSON.stringify({ ...good, data: { ...good.data, amount: String(good.data.amount) } }),
        id: good.id,
        kind: "poison",
        headers,
      };
    default: {
      const { items: _omit, ...rest } = good.data;
      return { key: orderId, value: JSON.stringify({ ...good, data: rest }), id: good.id, kind: "poison", headers };
    }
  }
}

/** A message that can never succeed: retrying it is pointless beyond the configured attempts. */
export class PoisonError extends Error {
  readonly poison = true;
}

/** A failure that goes away on retry (a timeout of a downstream dependency). */
export class TransientError extends Error {
  readonly transient = true;
}

function requireField(obj: Record<string, unknown>, path: string, type: "string" | "number" | "array" | "object") {
  const parts = path.split(".");
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== "object" || !(part in (cur as Record<string, unknown>))) {
      throw new PoisonError(`missing field: ${path}`);
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  const ok =
    type === "array"
      ? Array.isArray(cur)
      : type === "object"
        ? cur !== null && typeof cur === "object" && !Array.isArray(cur)
        : typeof cur === type && (type !== "string" || (cur as string).length > 0);
  if (!ok) throw new PoisonError(`invalid field: ${path} (expected ${type})`);
}

function parse(bytes: Uint8Array | Buffer | null | undefined): Record<string, unknown> {
  if (!bytes || bytes.length === 0) throw new PoisonError("empty message");
  const text = Buffer.from(bytes).toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PoisonError(`invalid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PoisonError("invalid JSON: not an object");
  }
  return value as Record<string, unknown>;
}

function checkEnvelope(obj: Record<string, unknown>, type: string) {
  requireField(obj, "id", "string");
  requireField(obj, "type", "string");
  if (obj.type !== type) throw new PoisonError(`unexpected event type: ${String(obj.type)} (expected ${type})`);
  requireField(obj, "version", "number");
  if (obj.version !== 1) throw new PoisonError(`unsupported version: ${String(obj.version)}`);
  requireField(obj, "occurred_at", "string");
  requireField(obj, "data", "object");
}

export function parseOrderCreated(bytes: Uint8Array | Buffer | null | undefined): Envelope<OrderCreated> {
  const obj = parse(bytes);
  checkEnvelope(obj, "order.created");
  requireField(obj, "data.order_id", "string");
  requireField(obj, "data.user_id", "string");
  requireField(obj, "data.amount", "number");
  requireField(obj, "data.items", "array");
  return obj as unknown as Envelope<OrderCreated>;
}

export function parseOrderPaid(bytes: Uint8Array | Buffer | null | undefined): Envelope<OrderPaid> {
  const obj = parse(bytes);
  checkEnvelope(obj, "order.paid");
  requireField(obj, "data.order_id", "string");
  requireField(obj, "data.amount", "number");
  return obj as unknown as Envelope<OrderPaid>;
}

/** Keeps the last few events sent on a stream, to re-send one as a duplicate. */
export class RecentEvents {
  private readonly items: Outgoing[] = [];
  constructor(private readonly size = 50) {}
  remember(o: Outgoing) {
    if (o.kind !== "valid") return;
    this.items.push(o);
    if (this.items.length > this.size) this.items.shift();
  }
  duplicate(): Outgoing | null {
    if (this.items.length === 0) return null;
    const o = pick(this.items);
    return { ...o, kind: "duplicate" };
  }
}
