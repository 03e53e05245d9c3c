// The crash-safe "publish once" protocol of requeue and replay, one implementation per broker
// (lib/brokers/<kind>/<kind>-delivery.ts), driven by the one job engine (lib/jobs/delivery-engine.ts).
//
// Every copy a job sends carries a marker: a derived, never random id (a requeue id, a replay id) put
// in a header the job names (x-eventscope-requeue-id, x-eventscope-replay-id). The engine runs, per
// batch:
//   1. prepare(targets, checkpoint)  -> a checkpoint the engine saves BEFORE anything is published;
//   2. publishOnce(copies)           -> publishes, and settles each copy's source once the broker
//                                       confirmed it (JetStream: delete the DLQ entry after its PubAck);
//   3. the job records the batch as sent.
// A crash or an error between 1 and 3 leaves the batch "in flight". The next turn (or the resumed
// job) first calls settle(checkpoint, inFlight): the markers returned certainly reached their target
// and are recorded as sent; every other copy is sent again, which is safe because the broker either
// did not get it or drops it as a duplicate. Plain types only: safe to import anywhere.
import type { PublishRequest, RawMessage } from "./types";

/** Where a copy came from, when publishing it should remove it there (a requeue from a DLQ). */
export interface CopySource {
  topic: string;
  partition: number;
  offset: number;
  /**
   * The source's id: where ids are derived (RawMessage.stableId, RabbitMQ; partition and offset are
   * then 0), or where the broker addresses messages by id (Redis Streams; the offset is only positional).
   */
  id?: string;
}

export interface OutgoingCopy {
  /** What to publish, the marker header already set. */
  request: PublishRequest;
  /** The copy's marker value: also the broker's de-duplication id where it has one. */
  marker: string;
  /** Removed after the broker confirmed the copy, on brokers that delete single messages. */
  source?: CopySource;
}

/** A copy that was being sent when the job stopped: its marker, and its source when it has one. */
export interface InFlightCopy {
  marker: string;
  source?: CopySource;
}

/** What a broker needs to find its copies again after a crash. Plain JSON, saved in the job's cursor. */
export type DeliveryCheckpoint = Record<string, unknown>;

export interface DeliveryOptions {
  /** The header every copy of this job carries its marker in. */
  markerHeader: string;
}

/**
 * Brokers where a DLQ message is removed by consuming it (RabbitMQ): the job reads the DLQ through its
 * delivery, which holds what it read (invisible to other consumers) until publishOnce sends it or the
 * job ends; anything not sent goes back to the queue. Positions shift as messages leave, so the reader
 * always starts at the head and messages are known by RawMessage.stableId.
 */
export interface HeldReader {
  /** The next messages of the queue, in order, at most `limit`; [] once the end (as it was when the reader opened) is reached. */
  next(limit: number): Promise<RawMessage[]>;
}

export interface BrokerDelivery {
  /** Present where a DLQ is read by consuming it (see HeldReader). */
  reader?(topic: string): HeldReader;
  /** Gives back everything the delivery still holds; called when the job stops, however it stops. */
  close?(): Promise<void>;
  /**
   * Called before a batch to these targets is published; the engine saves the result in the job's
   * cursor before publishing. Kafka: the log end of every partition of each target.
   */
  prepare(targets: string[], previous: DeliveryCheckpoint | undefined): Promise<DeliveryCheckpoint | undefined>;
  /**
   * Publishes the copies in order, as fast as the broker allows, and removes each copy's source
   * (where the broker deletes single messages) only after the broker confirmed that copy. Lets
   * every publish finish before rejecting with the first failure, so a settle sees the final state.
   */
  publishOnce(copies: OutgoingCopy[]): Promise<void>;
  /**
   * Which of these in-flight copies certainly reached their target (their markers). Kafka: markers
   * found on the targets since the checkpoint. JetStream: a requeue whose DLQ entry is gone (it is
   * deleted only after the PubAck); nothing else, as a copy sent again is de-duplicated.
   */
  settle(checkpoint: DeliveryCheckpoint | undefined, inFlight: InFlightCopy[]): Promise<Set<string>>;
}
