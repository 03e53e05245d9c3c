// Which NATS errors retrying cannot change. Pure: reads the error's class name and fields, which is
// how @nats-io v3 tells its errors apart (no instanceof across bundled copies).

interface NatsErrorShape {
  name?: string;
  message?: string;
  /** JetStreamApiError: the HTTP-like status of the API answer, and JetStream's own error code. */
  status?: number;
  code?: number | string;
}

/** JetStream answers with these statuses when it is (for now) not there: an outage, not a refusal. */
const RETRYABLE_API_STATUS = new Set([408, 503]);

export function permanentNatsError(error: unknown): string | null {
  const e = (error ?? {}) as NatsErrorShape;
  const message = e.message ?? String(error);
  switch (e.name) {
    case "PermissionViolationError":
    case "AuthorizationError":
    case "UserAuthenticationExpiredError":
      return `refused by NATS: not authorized (${message})`;
    case "InvalidArgumentError":
    case "InvalidSubjectError":
    case "InvalidOperationError":
      // The client refused before sending: max_payload exceeded, an invalid header or subject.
      return `refused by the NATS client: ${message}`;
  }
  if (/JetStreamApiError|NotFoundError$/.test(e.name ?? "") && typeof e.status === "number" && !RETRYABLE_API_STATUS.has(e.status)) {
    return `refused by JetStream: ${message}${e.code !== undefined ? ` (error ${e.code})` : ""}`;
  }
  return null;
}
