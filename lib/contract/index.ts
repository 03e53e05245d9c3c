import type { Operation } from "./operation";
import { accessOperations } from "./access";
import { clustersOperations } from "./clusters";
import { consumersOperations } from "./consumers";
import { dlqOperations } from "./dlq";
import { idempotencyOperations } from "./idempotency";
import { jobsOperations } from "./jobs";
import { metricsSourcesOperations } from "./metrics-sources";
import { outboxOperations } from "./outbox";
import { systemOperations } from "./system";
import { topicsOperations } from "./topics";

// Every operation of the API, in the order openapi.json lists them. Server and tests only: the
// client imports types from the entity modules, never this list (it pulls in every zod schema).
export const allOperations: readonly Operation[] = [
  ...systemOperations,
  ...accessOperations,
  ...clustersOperations,
  ...topicsOperations,
  ...jobsOperations,
  ...consumersOperations,
  ...dlqOperations,
  ...idempotencyOperations,
  ...metricsSourcesOperations,
  ...outboxOperations,
];
