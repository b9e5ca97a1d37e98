// CONTRACT (implemented in src/error-context/): the factory telemetry.ts calls.
import type { Clock, ResolvedErrorContextConfig } from '../config/options.js';
import type { EventSystem } from '../sampled/eventSystem.js';
import type { SpanErrorHooks } from '../span/spanSystem.js';
import type { ErrorContextApi, ErrorContextHealth } from './types.js';

export interface ErrorContextDeps {
  config: ResolvedErrorContextConfig;
  clock: Clock;
  events: Pick<EventSystem, 'execute'>;
}

export interface ErrorContextSystem extends ErrorContextApi {
  /** Hooks the span part calls when an error escapes a span. */
  spanHooks: SpanErrorHooks;
  health(): ErrorContextHealth;
}

export declare function createErrorContextSystem(deps: ErrorContextDeps): ErrorContextSystem;
