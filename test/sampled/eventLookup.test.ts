import { describe, expect, it } from 'vitest';
import { createEventSystem, type EventSystem } from '../../src/sampled/eventSystem.js';
import { MAX_IDLE_EVENTS } from '../../src/sampled/eventName.js';
import type { ResolvedEventsConfig } from '../../src/config/options.js';
import { createManualClock, type ManualClock } from '../../src/testing/index.js';
import { DEFAULT_EVENTS_CONFIG } from './setup.js';

function createQuiet(config: Partial<ResolvedEventsConfig> = {}): { events: EventSystem; clock: ManualClock } {
  const clock = createManualClock();
  const events = createEventSystem({ config: { ...DEFAULT_EVENTS_CONFIG, ...config }, clock, random: () => 0, observe: undefined });
  return { events, clock };
}

/** Looks up more distinct, never-listened-to names than the instance keeps idle. */
function floodNames(events: EventSystem, tag: string): void {
  for (let index = 0; index < 3 * MAX_IDLE_EVENTS; index++) {
    events.execute(['flood', tag, String(index)]);
    events.execute(`flood.${tag}.string${index}`);
  }
}

describe('event name lookup', () => {
  it('finds the same event from an array, a dotted string and dotted array parts', () => {
    const { events } = createQuiet();
    const received: string[] = [];
    events.attach('h', 'db.query', (event) => received.push(event.join('.')));
    events.execute(['db', 'query']);
    events.execute('db.query');
    events.execute(['db.query']);
    events.execute(['db', 'query', 'extra']);
    expect(received).toEqual(['db.query', 'db.query', 'db.query']);
  });

  it('follows a reused array whose parts were changed between calls', () => {
    const { events } = createQuiet();
    const received: string[] = [];
    events.attach('h', [['a', 'b'], ['a', 'c']], (event) => received.push(event.join('.')));
    const name = ['a', 'b'];
    events.execute(name);
    name[1] = 'c';
    events.execute(name);
    name[1] = '';
    expect(() => events.execute(name)).toThrow(TypeError);
    expect(received).toEqual(['a.b', 'a.c']);
  });

  it('still rejects a bad name after a good one was cached', () => {
    const { events } = createQuiet();
    events.execute(['ok', 'name']);
    expect(() => events.execute(['ok', 42 as unknown as string])).toThrow(/^execute: event\[1\] must be a non-empty string, got 42$/);
    expect(() => events.execute('ok..name')).toThrow(TypeError);
    expect(() => events.execute([])).toThrow(TypeError);
  });

  it('keeps handlers, prepared events and failure handlers across a flood of distinct names', () => {
    const { events } = createQuiet();
    const received: string[] = [];
    const failures: unknown[] = [];
    events.attach('h', ['kept', 'event'], (event) => received.push(event.join('.')));
    const prepared = events.prepare('prepared.event');
    floodNames(events, 'one');
    events.attach('failures', 'telemetry.handler.failure', (_event, _measurements, metadata) => failures.push(metadata.handlerId));
    events.attach('late', 'prepared.event', (event) => received.push(event.join('.')));
    events.attach('thrower', 'boom', () => {
      throw new Error('boom');
    });
    floodNames(events, 'two');
    events.execute(['kept', 'event']);
    events.execute('kept.event');
    expect(prepared.hasHandlers()).toBe(true);
    prepared.execute({}, {});
    events.execute(['boom']);
    expect(received).toEqual(['kept.event', 'kept.event', 'prepared.event']);
    expect(failures).toEqual(['thrower']);
  });

  it('keeps open dedup windows, batches and sampling state across a flood of distinct names', () => {
    const { events } = createQuiet({ sampling: { 'sampled.event': 'never' } });
    const batchesSeen: number[] = [];
    events.attach('batches', 'batched.kept.batch', (_event, measurements) => batchesSeen.push(measurements.count ?? 0));
    expect(events.emitEvent('kept.dedup', {}, { dedupKey: 'k' })).toBe(true);
    events.emitBatched('kept.batch', 2);
    events.emitEvent('sampled.event');
    floodNames(events, 'three');
    expect(events.emitEvent(['kept', 'dedup'], {}, { dedupKey: 'k' })).toBe(false);
    events.emitBatched(['kept', 'batch'], 3);
    events.emitEvent(['sampled', 'event']);
    events.flush();
    expect(batchesSeen).toEqual([5]);
    expect(events.samplingStats()['sampled.event']).toMatchObject({ total: 2, sampled: 0 });
    expect(events.health().events.suppressed).toBe(1);
  });

  it('does not hold on to events that hold no state', () => {
    const { events } = createQuiet();
    const received: string[] = [];
    events.attach('h', 'short.lived', (event) => received.push(event.join('.')));
    events.execute('short.lived');
    events.detach('h');
    floodNames(events, 'four');
    // A fresh handler on the same name is found again by both forms.
    events.attach('h2', ['short', 'lived'], (event) => received.push(event.join('.')));
    events.execute('short.lived');
    events.execute(['short', 'lived']);
    expect(received).toEqual(['short.lived', 'short.lived', 'short.lived']);
  });
});
