// Which amqplib errors retrying cannot change. Pure: amqplib closes a channel or connection with an
// AMQP reply code (403 access refused, 404 not found, 406 precondition failed, 530 not allowed...);
// its errors carry `code` and a message naming the reason.

const PERMANENT_CODES = new Map<number, string>([
  [403, "access refused"],
  [404, "not found"],
  [406, "precondition failed"],
  [530, "not allowed"],
  [540, "not implemented"],
]);

export function permanentRabbitError(error: unknown): string | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : String(error);
  if (typeof code === "number" && PERMANENT_CODES.has(code)) return `refused by RabbitMQ (${PERMANENT_CODES.get(code)}): ${text}`;
  if (/ACCESS[-_]REFUSED|Login was refused|authentication failure/i.test(text)) return `refused by RabbitMQ: not authorized (${text})`;
  if (/frame size|too large|message_size_limit/i.test(text)) return `refused by RabbitMQ: ${text}`;
  return null;
}
