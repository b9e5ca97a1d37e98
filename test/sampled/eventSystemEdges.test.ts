import { describe, expect, it, vi } from 'vitest';
import { MAX_IDLE_EVENTS } from '../../src/sampled/eventName.js';
import { createHarness } from './setup.js';

const noop = (): void => undefined;

describe('error messages name the call and the argument', () => {
  it.each([
    ['prefixed execute, bad name', (h: H) => h.events.prefixed('p').execute('a..b'), 'execute: event must be'],
    ['prefixed emitEvent, bad name', (h: H) => h.events.prefixed('p').emitEvent('a..b'), 'emitEvent: event must be'],
    ['prefixed emitEvent, bad metadata', (h: H) => h.events.prefixed('p').emitEvent('x', undefined, 5 as never), 'emitEvent: metadata must be an object, got 5'],
    ['emitEvent, bad metadata', (h: H) => h.events.emitEvent('x', undefined, 'm' as never), 'emitEvent: metadata must be an object, got "m"'],
    ['prefixed emitBatched, bad name', (h: H) => h.events.prefixed('p').emitBatched('a..b'), 'emitBatched: event must be'],
    ['prefixed emitBatched, bad field', (h: H) => h.events.prefixed('p').emitBatched('x', { a: Number.NaN }), 'emitBatched: measurement.a must be a finite number'],
    ['emitBatched, bad metadata', (h: H) => h.events.emitBatched('x', 1, 5 as never), 'emitBatched: metadata must be an object, got 5'],
    ['attach, a number as id', (h: H) => h.events.attach(42 as never, 'x', noop), 'attach: id must be a non-empty string, got 42'],
    ['attach, null options', (h: H) => h.events.attach('h', 'x', noop, null as never), 'attach: options must be an object, got null'],
    ['attach, a string as options', (h: H) => h.events.attach('h', 'x', noop, 'o' as never), 'attach: options must be an object, got "o"'],
    ['attach, maxFailures 0', (h: H) => h.events.attach('h', 'x', noop, { maxFailures: 0 }), 'attach: options.maxFailures must be a positive integer, got 0'],
    ['attach, an empty part in an array name', (h: H) => h.events.attach('h', ['db', ''], noop), 'attach: eventOrEvents[1] must be a non-empty string'],
    ['attach, a one-element array name with an empty dotted part', (h: H) => h.events.attach('h', ['db..x'], noop), 'attach: eventOrEvents must be a non-empty array'],
    ['listen, bad name', (h: H) => h.events.listen('a..b', noop), 'event must be'],
    ['prepared execute, bad field', (h: H) => h.events.event('x').execute({ a: Number.NaN }), 'event(name).execute: measurements.a must be a finite number'],
    ['prepared emitBatched, bad field', (h: H) => h.events.event('x').emitBatched({ a: Number.NaN }), 'event(name).emitBatched: measurement.a must be a finite number'],
  ])('%s', (_label, call, message) => {
    const harness = createHarness();
    expect(() => call(harness)).toThrow(TypeError);
    expect(() => call(harness)).toThrow(message);
  });

  it('names the sampling option of a bad event name', () => {
    expect(() => createHarness({ sampling: { 'a..b': 'always' } })).toThrow('createTelemetry: option "events.sampling["a..b"]" must be');
  });
});

type H = ReturnType<typeof createHarness>;

describe('after shutdown', () => {
  it('a prefixed emitter drops every call, counts it, and emitEvent returns false', () => {
    const { events, seen } = createHarness();
    const prefixed = events.prefixed('app');
    events.shutdown();
    const before = seen.length;
    prefixed.execute('a');
    expect(prefixed.emitEvent('b')).toBe(false);
    prefixed.emitBatched('c');
    events.flush();
    expect(seen).toHaveLength(before);
    expect(events.health().events).toMatchObject({ dropped: 3, executed: 0, batches: 0 });
  });

  it('flush does not move lastFlushAt', () => {
    const { events, clock } = createHarness();
    clock.advance(100);
    events.shutdown();
    const at = events.health().events.lastFlushAt;
    clock.advance(500);
    events.flush();
    expect(events.health().events.lastFlushAt).toBe(at);
  });
});

describe('metadata handed to handlers', () => {
  it('a batch carries batchKey, events and reason, and clamped only when a sum overflowed', () => {
    const { events, named } = createHarness();
    events.emitBatched('e');
    events.flush();
    expect(Object.keys(named('batched.e')[0]!.metadata).sort()).toEqual(['batchKey', 'events', 'reason']);
  });

  it('a sampled emit without metadata carries only sampleRate', () => {
    const { events, named } = createHarness({ sampling: { 'cache.miss': 'always' } });
    events.emitEvent('cache.miss');
    expect(named('cache.miss')[0]!.metadata).toStrictEqual({ sampleRate: 1 });
  });

  it('an unsampled emit after suppressions carries suppressed and no sampleRate field', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 1000, batchIntervalMs: 60_000 });
    events.emitEvent('d', undefined, { dedupKey: 'k' });
    events.emitEvent('d', undefined, { dedupKey: 'k' });
    clock.advance(500);
    events.emitEvent('d', undefined, { dedupKey: 'k' });
    clock.advance(1000);
    events.emitEvent('d', undefined, { dedupKey: 'k' });
    expect(named('d').map((entry) => entry.metadata)).toStrictEqual([{ dedupKey: 'k' }, { dedupKey: 'k', suppressed: 2 }]);
  });

  it('sums a field named like an Object.prototype member over several occurrences', () => {
    const { events, named } = createHarness();
    for (let i = 0; i < 3; i++) events.emitBatched('e', { constructor: 2, valueOf: 1 });
    events.flush();
    const sums = named('batched.e')[0]!.measurements;
    expect(sums).toEqual({ constructor: 6, valueOf: 3, count: 3 });
    // An ordinary own field, as a handler expects of every sum (it may delete or redefine it).
    expect(Object.getOwnPropertyDescriptor(sums, 'constructor')).toEqual({
      value: 6,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });
});

describe('event names and tables', () => {
  it('evicting a dedup key with nothing suppressed executes no summary', () => {
    const { events, seen } = createHarness({ maxDedupKeys: 1 });
    events.emitEvent('x', undefined, { dedupKey: 1 });
    events.emitEvent('x', undefined, { dedupKey: 2 });
    events.flush();
    expect(seen.map((entry) => entry.event)).toEqual(['x', 'x']);
    expect(events.health().events.dedupEvictions).toBe(1);
  });

  it('finds an array name that is a prefix of one seen before', () => {
    const { events } = createHarness();
    const handler = vi.fn();
    events.attach('h', 'db', handler);
    events.execute(['db', 'query']);
    events.execute(['db']);
    events.execute(['db']);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it(`keeps an instance listener after more than ${MAX_IDLE_EVENTS} other event names were seen`, () => {
    const { events } = createHarness();
    const listener = vi.fn();
    events.listen('metric.source', listener);
    for (let i = 0; i < MAX_IDLE_EVENTS + 100; i++) events.execute(`other.${i}`);
    events.execute('metric.source', { n: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
