// CONTRACT (implemented in src/sampled/): the factory telemetry.ts calls.
import type { Clock, ResolvedEventsConfig } from '../config/options.js';
import type { EventName, EventsApi, EventsHealth, HandlersHealth, Measurements, Metadata } from './types.js';

/** Receives every executed event (the test kit records them). */
export type ExecutedObserver = (
  event: readonly string[],
  measurements: Measurements,
  metadata: Metadata,
  at: number,
) => void;

/** A fixed event name whose handler lookup is precomputed, for hot paths such as span events. */
export interface PreparedEvent {
  readonly name: readonly string[];
  /** O(1): whether any handler is attached to this event right now. */
  hasHandlers(): boolean;
  execute(measurements: Measurements, metadata: Metadata): void;
}

export interface EventSystemDeps {
  config: ResolvedEventsConfig;
  clock: Clock;
  random: () => number;
  observe: ExecutedObserver | undefined;
}

export interface EventSystem extends EventsApi {
  prepare(event: EventName): PreparedEvent;
  /** Executes full batches and due suppression summaries now. */
  flush(): void;
  /** Stops the flusher, executes every pending summary and batch; later emits count as dropped. */
  shutdown(): void;
  health(): { events: EventsHealth; handlers: HandlersHealth };
}

export declare function createEventSystem(deps: EventSystemDeps): EventSystem;
