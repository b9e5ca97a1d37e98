import type { ResolvedEventsConfig } from '../../src/config/options.js';
import { createEventSystem, type EventSystem } from '../../src/sampled/eventSystem.js';
import type { Measurements, Metadata } from '../../src/sampled/types.js';
import { createManualClock, type ManualClock } from '../../src/testing/index.js';
import { seededRandom } from '../support/seededRandom.js';

export { seededRandom };

export interface Recorded {
  event: string;
  measurements: Measurements;
  metadata: Metadata;
  at: number;
}

export const DEFAULT_EVENTS_CONFIG: ResolvedEventsConfig = {
  dedupWindowMs: 5000,
  batchIntervalMs: 1000,
  maxBatchSize: 100,
  maxDedupKeys: 10_000,
  maxBatchKeys: 10_000,
  sampling: {},
};


export interface Harness {
  events: EventSystem;
  clock: ManualClock;
  /** Every executed event, as the observer saw it, with the dotted name. */
  seen: Recorded[];
  named(event: string): Recorded[];
}

/** An event system on a manual clock with an observer recording every executed event. */
export function createHarness(config: Partial<ResolvedEventsConfig> = {}, random: () => number = seededRandom(42)): Harness {
  const clock = createManualClock();
  const seen: Recorded[] = [];
  const events = createEventSystem({
    config: { ...DEFAULT_EVENTS_CONFIG, ...config },
    clock,
    random,
    observe: (event, measurements, metadata, at) => seen.push({ event: event.join('.'), measurements, metadata, at }),
  });
  return { events, clock, seen, named: (event) => seen.filter((entry) => entry.event === event) };
}

/**
 * Attaches a `trigger` handler of `start` that throws, and a `reactor` handler of the
 * failure event that executes `event` once: what `event`'s handlers do then happens while
 * a failure is being reported. `execute('start')` sets it off.
 */
export function executeWhileReporting(events: EventSystem, event: string): void {
  events.attach('trigger', 'start', () => {
    throw new Error('trigger');
  });
  let reacted = false;
  events.attach('reactor', 'telemetry.handler.failure', () => {
    if (reacted) return;
    reacted = true;
    events.execute(event);
  });
}
