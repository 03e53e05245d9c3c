import { describe, expect, it } from "vitest";
import { statusOf } from "@/lib/api/errors";
import { toBrokerError } from "@/lib/brokers/errors";
import { permanentKafkaError } from "@/lib/brokers/kafka/kafka-errors";
import { checkKafkaHeader } from "@/lib/brokers/kafka/kafka-names";
import { permanentNatsError } from "@/lib/brokers/nats/nats-errors";
import { checkNatsHeader } from "@/lib/brokers/nats/nats-names";

// Error shapes as kafkajs and @nats-io v3 build them (class name in `name`, protocol error in `type`).
const kafkaProtocolError = (type: string) => Object.assign(new Error(`The server says ${type}`), { name: "KafkaJSProtocolError", type, retriable: false });
const natsError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);

describe("Kafka errors", () => {
  it("are permanent for refusals retrying cannot change, also when wrapped by retries", () => {
    expect(permanentKafkaError(kafkaProtocolError("MESSAGE_TOO_LARGE"))).toMatch(/larger than/);
    expect(permanentKafkaError(kafkaProtocolError("TOPIC_AUTHORIZATION_FAILED"))).toMatch(/not authorized/);
    const wrapped = Object.assign(new Error("retries exceeded"), { name: "KafkaJSNumberOfRetriesExceeded", originalError: kafkaProtocolError("INVALID_RECORD") });
    expect(permanentKafkaError(wrapped)).toMatch(/rejected the record/);
    const batch = Object.assign(new Error("several"), { name: "KafkaJSAggregateError", errors: [kafkaProtocolError("POLICY_VIOLATION")] });
    expect(permanentKafkaError(batch)).toMatch(/policy/);
  });

  it("are outages for connections, timeouts and moving leaders", () => {
    expect(permanentKafkaError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9092"), { code: "ECONNREFUSED" }))).toBeNull();
    expect(permanentKafkaError(kafkaProtocolError("LEADER_NOT_AVAILABLE"))).toBeNull();
    expect(permanentKafkaError(kafkaProtocolError("NOT_LEADER_FOR_PARTITION"))).toBeNull();
    expect(permanentKafkaError(Object.assign(new Error("Request Produce timed out"), { name: "KafkaJSRequestTimeoutError" }))).toBeNull();
  });
});

describe("NATS errors", () => {
  it("are permanent for API refusals, authorization and client-side refusals", () => {
    expect(permanentNatsError(natsError("JetStreamApiError", "message size exceeds maximum allowed", { status: 400, code: 10054 }))).toMatch(/JetStream: message size.*10054/);
    expect(permanentNatsError(natsError("PermissionViolationError", 'Permissions Violation for Publish to "x"'))).toMatch(/not authorized/);
    expect(permanentNatsError(natsError("InvalidArgumentError", "'payload' max_payload size exceeded"))).toMatch(/client: .*max_payload/);
  });

  it("are outages when the connection or JetStream is (for now) not there", () => {
    expect(permanentNatsError(natsError("JetStreamApiError", "JetStream system temporarily unavailable", { status: 503, code: 10008 }))).toBeNull();
    expect(permanentNatsError(natsError("NoRespondersError", "no responders"))).toBeNull();
    expect(permanentNatsError(natsError("TimeoutError", "timeout"))).toBeNull();
    expect(permanentNatsError(natsError("ClosedConnectionError", "closed connection"))).toBeNull();
  });

  it("become broker-refused (422) or broker-unavailable (503) domain errors, mapped to HTTP by lib/api", () => {
    const refused = toBrokerError(natsError("JetStreamApiError", "maximum messages exceeded", { status: 400, code: 10077 }), ["nats://x"], permanentNatsError);
    expect([refused.code, statusOf(refused)]).toEqual(["broker-refused", 422]);
    const outage = toBrokerError(natsError("ConnectionError", "connection refused: ECONNREFUSED"), ["nats://x"], permanentNatsError);
    expect([outage.code, statusOf(outage)]).toEqual(["broker-unavailable", 503]);
  });
});

describe("headers a requeue sets", () => {
  it("on JetStream: token names, one-line values, no Nats-* controls", () => {
    expect(checkNatsHeader("x-retry-reason", "manual\tok")).toEqual({ ok: true });
    for (const [name, value] of [["a b", "v"], ["a:b", "v"], ["a\rb", "v"], ["", "v"], ["h".repeat(256), "v"], ["nats-rollup", "all"], ["x", "a\nb"], ["x", "a\u0000b"]]) {
      expect(checkNatsHeader(name, value).ok).toBe(false);
    }
  });

  it("on Kafka: any printable name up to 255 characters, any value", () => {
    expect(checkKafkaHeader("x retry: reason", "a\nb")).toEqual({ ok: true });
    expect(checkKafkaHeader("a\u0001b", "v").ok).toBe(false);
    expect(checkKafkaHeader("h".repeat(256), "v").ok).toBe(false);
  });
});
