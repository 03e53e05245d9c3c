// Burrow's evaluation rules over a window of commit samples, with a sentence saying why.
// The rules, as Burrow documents them ("Consumer Lag Evaluation Rules"):
//  - any sample with lag 0 in the window: OK
//  - committed offset went down: REWIND
//  - no commit for longer than the window spans: STOP
//  - committed offset unchanged while lag > 0: STALL
//  - offsets move but lag never decreased: WARN
//  - otherwise OK

export type PartitionStatus = "OK" | "WARN" | "STALL" | "STOP" | "REWIND" | "UNKNOWN";
export type GroupStatus = "OK" | "WARN" | "ERR" | "UNKNOWN";

export interface CommitSample {
  /** When the sampler saw this, epoch ms. */
  t: number;
  committed: number;
  lag: number;
}

export interface StatusVerdict {
  status: PartitionStatus;
  reason: string;
}

export function evaluatePartitionStatus(
  samples: CommitSample[],
  options: { now: number; lastCommitAt: number | null; windowMs: number },
): StatusVerdict {
  if (samples.length < 2) return { status: "UNKNOWN", reason: "not enough samples yet" };
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (samples.some((sample) => sample.lag === 0)) {
    return { status: "OK", reason: last.lag === 0 ? "caught up" : `caught up within the window; lag now ${last.lag}` };
  }
  for (let index = 1; index < samples.length; index++) {
    if (samples[index].committed < samples[index - 1].committed) {
      return {
        status: "REWIND",
        reason: `committed offset went back from ${samples[index - 1].committed} to ${samples[index].committed}`,
      };
    }
  }
  const silentMs = options.lastCommitAt === null ? options.now - first.t : options.now - options.lastCommitAt;
  if (last.committed === first.committed && silentMs > options.windowMs) {
    return { status: "STOP", reason: `no commit for ${describeDuration(silentMs)} while lag grew from ${first.lag} to ${last.lag}` };
  }
  if (last.committed === first.committed) {
    return { status: "STALL", reason: `committed offset stuck at ${last.committed} while lag is ${last.lag}` };
  }
  const lagNeverDecreased = samples.every((sample, index) => index === 0 || sample.lag >= samples[index - 1].lag);
  if (lagNeverDecreased && last.lag > first.lag) {
    return { status: "WARN", reason: `consuming, but lag grew from ${first.lag} to ${last.lag}` };
  }
  return { status: "OK", reason: `consuming; lag ${last.lag}` };
}

const severity: Record<PartitionStatus, number> = { UNKNOWN: 0, OK: 1, WARN: 2, STALL: 3, REWIND: 3, STOP: 4 };

/** A group is as bad as its worst partition; STALL, STOP and REWIND all mean ERR. */
export function evaluateGroupStatus(partitions: StatusVerdict[]): StatusVerdict & { groupStatus: GroupStatus } {
  if (partitions.length === 0) return { status: "UNKNOWN", reason: "no partitions", groupStatus: "UNKNOWN" };
  const worst = partitions.reduce((a, b) => (severity[b.status] > severity[a.status] ? b : a));
  const groupStatus: GroupStatus =
    worst.status === "OK" ? "OK" : worst.status === "WARN" ? "WARN" : worst.status === "UNKNOWN" ? "UNKNOWN" : "ERR";
  return { ...worst, groupStatus };
}

/** Seconds until the lag is gone at the current rates; null when it is not shrinking. */
export function estimateDrainSeconds(lag: number, consumeRate: number | null, produceRate: number | null): number | null {
  if (lag === 0) return 0;
  if (consumeRate === null) return null;
  const net = consumeRate - (produceRate ?? 0);
  return net > 0 ? lag / net : null;
}

export function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
