import type { ExecutedObserver } from '../sampled/eventSystem.js';
import type { EventName, Measurements, Metadata } from '../sampled/types.js';
import { sameEventPath, toEventPath } from './eventName.js';

/** One executed bus event as the test kit recorded it. */
export interface RecordedEvent {
  /** The event name in array form, e.g. `['batched', 'cache', 'miss']`. */
  event: readonly string[];
  measurements: Measurements;
  metadata: Metadata;
  /** Clock time (`clock.now()`) at which the event was executed. */
  at: number;
}

/** Selects recorded events: an exact event name (array or dotted), or a predicate. */
export type EventFilter = EventName | ((recorded: RecordedEvent) => boolean);

export type RecordedEventListener = (recorded: RecordedEvent) => void;

export interface EventRecorder {
  /** Handed to the event system: called for every executed event. */
  observe: ExecutedObserver;
  events(filter?: EventFilter): RecordedEvent[];
  /** Calls `listener` for each event recorded from now on; returns the unsubscribe function. */
  subscribe(listener: RecordedEventListener): () => void;
  clear(): void;
}

/** Turns a filter into a predicate, validating an event name once up front. */
export function eventPredicate(filter: EventFilter, argument: string): (recorded: RecordedEvent) => boolean {
  if (typeof filter === 'function') return filter;
  const path = toEventPath(filter, argument);
  return (recorded) => sameEventPath(recorded.event, path);
}

export function createEventRecorder(): EventRecorder {
  const recorded: RecordedEvent[] = [];
  const listeners = new Set<RecordedEventListener>();

  return {
    observe(event, measurements, metadata, at) {
      const entry: RecordedEvent = { event, measurements, metadata, at };
      recorded.push(entry);
      for (const listener of listeners) listener(entry);
    },
    events(filter?: EventFilter): RecordedEvent[] {
      if (filter === undefined) return recorded.slice();
      return recorded.filter(eventPredicate(filter, 'events: filter'));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      recorded.length = 0;
    },
  };
}
