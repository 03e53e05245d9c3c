import { z } from "zod";

// A JetStream advisory about a message that will not be delivered again, parsed defensively: the
// stream holds whatever the server published, and a malformed one must not break the DLQ view.
const advisorySchema = z.object({
  type: z.string(),
  stream: z.string().min(1),
  consumer: z.string().min(1),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
});

export interface Advisory {
  kind: "max-deliveries" | "terminated";
  stream: string;
  consumer: string;
  streamSeq: number;
  deliveries: number | null;
  reason: string | null;
}

export function parseAdvisory(text: string | null): Advisory | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = advisorySchema.safeParse(json);
  if (!parsed.success) return null;
  const { type, stream, consumer, stream_seq, deliveries, reason } = parsed.data;
  const kind = type.includes("terminated") ? "terminated" : type.includes("max_deliver") ? "max-deliveries" : null;
  if (!kind) return null;
  return { kind, stream, consumer, streamSeq: stream_seq, deliveries: deliveries ?? null, reason: reason ?? null };
}

export function advisoryError(advisory: Advisory): string {
  if (advisory.kind === "terminated") {
    return `terminated by consumer ${advisory.consumer}${advisory.reason ? `: ${advisory.reason}` : ""}`;
  }
  return `max deliveries reached (${advisory.deliveries ?? "?"}) by consumer ${advisory.consumer}`;
}
