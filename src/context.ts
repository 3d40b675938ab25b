/**
 * The per-request context: the database, the authenticated principal, DataLoaders, and
 * the provision grants the scope plugin decided for this operation.
 */
import type { YogaInitialContext } from "graphql-yoga";
import type { Db } from "./db/client.js";
import { authenticateRequest } from "./hardening/request-principal.js";
import type { Principal } from "./modules/keys/authenticate.js";
import { requestIdOf } from "./observability/request-id.js";
import type { TraceHandle } from "./observability/spans.js";
import { createLoaders, type Loaders } from "./modules/people/loaders.js";
import type { CheckpointSource } from "./modules/records/checkpoints/run-verification.js";
import { statisticsConfig, type StatisticsConfig } from "./modules/statistics/settings.js";
import type { Grant, ProvidedPerson } from "./modules/provision/grant.js";

export interface Context {
  db: Db;
  principal: Principal;
  loaders: Loaders;
  /** Provision grants by root response key, set by useProvisionScopes before execution. */
  grants: Map<string, Grant>;
  /** Who each root field provided, by response key, set by its resolver (for the records). */
  provided: Map<string, readonly ProvidedPerson[]>;
  now: Date;
  /** Identifies the request in provision records. */
  requestId: string;
  statistics: StatisticsConfig;
  /** Where signed checkpoints are read back from, for the console's record verification. */
  checkpoints: CheckpointSource;
  /** Set by useTracing when traces are on: where Teikyo's own spans go. */
  trace?: TraceHandle;
}

export interface ContextOptions {
  db: Db;
  /** The clock; tests pass a fixed one. */
  clock?: () => Date;
  /** Disclosure control for statistics; from the environment unless given. */
  statistics?: StatisticsConfig;
  /** Signed checkpoints to verify the records against; none unless given (the server gives its own). */
  checkpoints?: CheckpointSource;
}

const NO_CHECKPOINTS: CheckpointSource = { dirs: [], trusted: new Map() };

export function contextFactory({
  db,
  clock = () => new Date(),
  statistics = statisticsConfig(),
  checkpoints = NO_CHECKPOINTS,
}: ContextOptions) {
  return async ({ request }: YogaInitialContext): Promise<Context> => {
    const now = clock();
    // Admission authenticated this request already; this takes its principal.
    const principal = await authenticateRequest(db, request, now);
    return {
      db,
      principal,
      loaders: createLoaders(db),
      grants: new Map(),
      provided: new Map(),
      now,
      requestId: requestIdOf(request),
      statistics,
      checkpoints,
    };
  };
}
