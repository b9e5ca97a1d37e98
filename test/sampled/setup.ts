import type { ResolvedEventsConfig } from '../../src/config/options.js';
import { createEventSystem, type EventSystem } from '../../src/sampled/eventSystem.js';
import type { Measurements, Metadata } from '../../src/sampled/types.js';
import { createManualClock, type ManualClock } from '../../src/testing/index.js';

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

/** Deterministic PRNG (mulberry32), so sampling tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
