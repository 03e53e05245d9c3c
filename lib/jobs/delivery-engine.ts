import "server-only";
import type { BrokerDelivery, DeliveryCheckpoint, InFlightCopy, OutgoingCopy } from "@/lib/brokers/delivery";
import type { BrokerConnector } from "@/lib/brokers/types";
import { isDomainError } from "@/lib/errors";
import type { JobControl } from "./job-runner";
import { isOutage, OUTAGE_RETRIES, outageDelayMs, outageReason, sleep } from "./outage";
import { RateLimiter } from "./rate-limiter";

// The one job loop of requeue and replay: copies go out in turns at the job's rate, each under the
// broker's "publish once" protocol (lib/brokers/delivery.ts). What differs between the two jobs is
// where copies come from and how a sent one is recorded: their DeliverySource. What differs between
// brokers is the connector's delivery. Outages pause the job and retry; anything else fails it.

export interface DeliveryTurn {
  copies: OutgoingCopy[];
  /** True when nothing is left after this turn. */
  finished: boolean;
  /** Save the cursor before publishing even when the checkpoint did not change (it names the turn). */
  saveBeforePublish?: boolean;
}

export interface DeliverySource<Turn extends DeliveryTurn> {
  /** Before the first turn: the broker may have changed since the job was asked for (an error here retries like a turn). */
  check(): Promise<void>;
  /** The copies a previous run or an interrupted turn left in flight (none: an empty list). */
  inFlight(): Promise<InFlightCopy[]>;
  /** Records a settle: the `sent` markers reached their target; the other in-flight copies will be sent again. */
  settled(sent: Set<string>, inFlight: InFlightCopy[]): Promise<void>;
  /** The next turn (read, claimed and routed), or null when there is nothing left to send. */
  next(): Promise<Turn | null>;
  /** Records a turn whose copies were all published, and saves the cursor. */
  sent(turn: Turn): Promise<void>;
  /** Drops anything read ahead: a turn was interrupted. */
  interrupted?(): void;
}

export interface DeliveryJob<Turn extends DeliveryTurn> {
  connector: BrokerConnector;
  control: JobControl;
  /** The header each copy carries its marker in (x-eventscope-requeue-id, x-eventscope-replay-id). */
  markerHeader: string;
  ratePerSec: number;
  /** The job's cursor, saved through control.progress; the engine keeps the broker's checkpoint in `delivery`. */
  cursor: { delivery?: DeliveryCheckpoint };
  source: DeliverySource<Turn>;
  /** The job's delivery when its source reads through it (BrokerDelivery.reader); made here otherwise. */
  delivery?: BrokerDelivery;
}

export async function runDeliveryJob<Turn extends DeliveryTurn>(job: DeliveryJob<Turn>): Promise<"succeeded" | "cancelled"> {
  const { connector, control, cursor, source } = job;
  const delivery = job.delivery ?? connector.delivery({ markerHeader: job.markerHeader });
  const limiter = new RateLimiter(job.ratePerSec);
  // `unpublished`: nothing of what is in flight reached publishOnce (claimed in this turn after a
  // settle that succeeded): all of it is known unsent, and the broker need not be asked.
  const settle = async (unpublished = false) => {
    const inFlight = await source.inFlight();
    const sent = inFlight.length > 0 && !unpublished ? await delivery.settle(cursor.delivery, inFlight) : new Set<string>();
    await source.settled(sent, inFlight);
  };

  let checked = false;
  let outages = 0;
  // Whether this turn's copies may have reached the broker (publishOnce was called); true until the
  // first settle of this run has passed, as copies of an earlier run may be in flight.
  let publishing = true;
  // A previous run may have left copies in flight (a crash): settled before anything else.
  let unsettled = true;
  while (true) {
    if (await control.cancelRequested()) return "cancelled";
    try {
      if (!checked) await source.check();
      checked = true;
      if (unsettled) await settle();
      // From here until the turn is recorded, copies may be claimed or in flight.
      unsettled = true;
      publishing = false;
      const turn = await source.next();
      if (!turn) {
        unsettled = false;
        return "succeeded";
      }
      if (turn.copies.length > 0) {
        const checkpoint = await delivery.prepare(turn.copies.map((copy) => copy.request.topic), cursor.delivery);
        const changed = JSON.stringify(checkpoint) !== JSON.stringify(cursor.delivery);
        cursor.delivery = checkpoint;
        // Saved before anything is published: a resumed job settles against it.
        if (changed || turn.saveBeforePublish) await control.progress({}, cursor);
        await limiter.take(turn.copies.length);
        publishing = true;
        await delivery.publishOnce(turn.copies);
      }
      await source.sent(turn);
      unsettled = false;
      if (outages > 0) await control.paused(null);
      outages = 0;
      if (turn.finished) return "succeeded";
    } catch (error) {
      // Part of the turn may have gone out; the settle at the top of the next turn finds what did.
      source.interrupted?.();
      if (!isOutage(error) || ++outages > OUTAGE_RETRIES) {
        // The broker refused (or the outage outlasted the retries): settle now, so claimed messages
        // are pending again (or recorded as sent), not stuck under a failed job.
        if (unsettled && isDomainError(error)) await settle(!publishing).catch(() => undefined);
        throw error;
      }
      await control.paused(outageReason(error));
      await sleep(outageDelayMs(outages));
    }
  }
}
