import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";
import { call, jsonInit } from "../support/routes";

// PUT /api/v1/clusters/{id} with a secret left empty keeps the stored one, but not when the edit
// points the cluster at another address: then the stored secret would be sent to a host the admin
// who typed it never chose. Through the real routes and a fresh SQLite database.
const { cleanup } = useTempConsoleEnv("eventscope-repoint-", { clusters: [] });
process.env.EVENTSCOPE_SAMPLER = "off";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;
let create: Handler;
let update: Handler;
const password = "repoint-Sasl-Secret-42";
const natsToken = "repoint-Nats-Token-42";
const kafkaBody = { id: "repoint-kafka", name: "Repoint Kafka", kind: "kafka", brokers: ["127.0.0.1:1"], sasl: { mechanism: "plain", username: "svc", password } };
const natsBody = { id: "repoint-nats", name: "Repoint NATS", kind: "nats", servers: ["nats://127.0.0.1:1"], token: natsToken, user: "svc", pass: "repoint-pass-42" };

const put = (body: Record<string, unknown>) => call(update, `/api/v1/clusters/${body.id}`, { cluster: String(body.id) }, asAdmin(jsonInit("PUT", body)));

beforeAll(async () => {
  create = (await import("@/app/api/v1/clusters/route")).POST as Handler;
  update = (await import("@/app/api/v1/clusters/[cluster]/route")).PUT as Handler;
  for (const body of [kafkaBody, natsBody]) expect((await call(create, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", body)))).status).toBe(201);
});

afterAll(() => cleanup());

describe("re-pointing a stored cluster", () => {
  it("asks for the Kafka password again when the brokers change, and changes nothing until it is given", async () => {
    const { getStoredCluster } = await import("@/lib/clusters/stored-clusters");
    const moved = await put({ ...kafkaBody, brokers: ["127.0.0.2:9092"], sasl: { ...kafkaBody.sasl, password: "" } });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: "invalid-input", field: "sasl.password" });
    expect(moved.body.error.message).toMatch(/^sasl\.password: the brokers changed/);
    expect(await getStoredCluster(kafkaBody.id)).toMatchObject({ brokers: ["127.0.0.1:1"], sasl: { password } });

    const given = await put({ ...kafkaBody, brokers: ["127.0.0.2:9092"], sasl: { ...kafkaBody.sasl, password: "a-new-password-42" } });
    expect(given.status).toBe(200);
    expect(await getStoredCluster(kafkaBody.id)).toMatchObject({ brokers: ["127.0.0.2:9092"], sasl: { password: "a-new-password-42" } });
  });

  it("still keeps the stored secret for an edit that leaves the address alone", async () => {
    const { getStoredCluster } = await import("@/lib/clusters/stored-clusters");
    const renamed = await put({ ...natsBody, name: "Renamed NATS", token: "", pass: "" });
    expect(renamed.status).toBe(200);
    expect(await getStoredCluster(natsBody.id)).toMatchObject({ name: "Renamed NATS", token: natsToken });
  });

  it("names every kept NATS secret when the servers change", async () => {
    const moved = await put({ ...natsBody, servers: ["nats://127.0.0.2:4222"], token: "", pass: "" });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: "invalid-input", field: "token", fields: ["token", "pass"] });
  });
});

// Issue 13: RabbitMQ and Redis Streams clusters added through the API (the Settings form's body).
describe("RabbitMQ and Redis Streams clusters stored with sealed passwords", () => {
  const rabbitPass = "repoint-Rabbit-Pass-42";
  const rabbitBody = { id: "stored-rabbit", name: "Stored RabbitMQ", kind: "rabbitmq", url: "amqp://127.0.0.1:1", managementUrl: "http://127.0.0.1:1", vhosts: ["/", "orders"], user: "ops", pass: rabbitPass };
  const redisBody = { id: "stored-streams", name: "Stored Redis Streams", kind: "redis-streams", url: "redis://127.0.0.1:1", pattern: "orders*", password: "repoint-Redis-Pass-42" };

  it("adds both (201), shows their fields and whether a password is set, never the password", async () => {
    const rabbit = await call(create, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", rabbitBody)));
    expect(rabbit.status).toBe(201);
    expect(rabbit.body.cluster).toMatchObject({ kind: "rabbitmq", url: "amqp://127.0.0.1:1", managementUrl: "http://127.0.0.1:1/", vhosts: ["/", "orders"], auth: { user: "ops", pass: true } });
    const redis = await call(create, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", redisBody)));
    expect(redis.status).toBe(201);
    expect(redis.body.cluster).toMatchObject({ kind: "redis-streams", pattern: "orders*", auth: { user: null, pass: true } });
    expect(JSON.stringify([rabbit.body, redis.body])).not.toMatch(/repoint-(Rabbit|Redis)-Pass-42/);
    // Sealed in the database row, opened for the connector.
    const { getDb } = await import("@/lib/db");
    const rows = await (await getDb()).storedCluster.findMany({ where: { id: { in: [rabbitBody.id, redisBody.id] } } });
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/repoint-(Rabbit|Redis)-Pass-42/);
    const { getStoredCluster } = await import("@/lib/clusters/stored-clusters");
    expect(await getStoredCluster(rabbitBody.id)).toMatchObject({ pass: rabbitPass });
  });

  it("refuses a password in the URL, and keeps the RabbitMQ password only while url and managementUrl stay", async () => {
    const inUrl = await call(create, "/api/v1/clusters", {}, asAdmin(jsonInit("POST", { ...rabbitBody, id: "url-pass", url: "amqp://ops:hunter2@127.0.0.1:1" })));
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error).toMatchObject({ code: "invalid-input", field: "url" });
    const renamed = await put({ ...rabbitBody, name: "Renamed RabbitMQ", pass: "" });
    expect(renamed.status).toBe(200);
    const moved = await put({ ...rabbitBody, managementUrl: "http://127.0.0.2:15672", pass: "" });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: "invalid-input", field: "pass" });
    expect(moved.body.error.message).toMatch(/^pass: the managementUrl changed/);
    const { getStoredCluster } = await import("@/lib/clusters/stored-clusters");
    expect(await getStoredCluster(rabbitBody.id)).toMatchObject({ name: "Renamed RabbitMQ", managementUrl: "http://127.0.0.1:1", pass: rabbitPass });
  });
});
