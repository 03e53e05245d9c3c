import "server-only";
import * as contract from "@/lib/contract/jobs";
import { replayRange } from "@/lib/replay/replay-range";
import { defineVerb } from "@/lib/verbs/verb";

/** POST .../topics/{topic}/replay (operator): a dry run's count, or an audited replay job. */
export const replay = defineVerb({
  operation: contract.replay,
  params: ["cluster", "topic"],
  audits: ["topic.replay"],
  run: ({ actor, params, body }) => replayRange(actor, params.cluster, params.topic, body),
});
