import type { EventNames } from './eventName.js';
import type { EventNode } from './eventNode.js';
import type { EventEmitterApi, EventName, Measurements, Metadata } from './types.js';

/** The instance's emitting functions, taking a prefix to put before `event`. */
export interface PrefixableEmitters {
  execute(event: EventName, measurements: Measurements | undefined, metadata: Metadata | undefined, prefix: EventNode): void;
  emitEvent(event: EventName, measurements: Measurements | undefined, metadata: Metadata | undefined, prefix: EventNode): boolean;
  emitBatched(event: EventName, measurement: number | Measurements | undefined, metadata: Metadata | undefined, prefix: EventNode): void;
}

/**
 * An emitter that puts `prefix` before every event name.
 *
 * @example
 * const db = telemetry.prefixed('app.db');
 * db.execute('query', { duration: 3 });   // executes ['app', 'db', 'query']
 */
export function createPrefixedEmitter(prefix: EventNode, names: EventNames, emitters: PrefixableEmitters): EventEmitterApi {
  return {
    execute: (event, measurements, metadata) => emitters.execute(event, measurements, metadata, prefix),
    emitEvent: (event, measurements, metadata) => emitters.emitEvent(event, measurements, metadata, prefix),
    emitBatched: (event, measurement, metadata) => emitters.emitBatched(event, measurement, metadata, prefix),
    prefixed: (more) => createPrefixedEmitter(names.concat(prefix, names.lookup(more, 'prefixed: prefix')), names, emitters),
  };
}
