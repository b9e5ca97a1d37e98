import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventSystem } from '../../src/sampled/eventSystem.js';
import { createManualClock } from '../../src/testing/index.js';
import { createHarness, DEFAULT_EVENTS_CONFIG } from './setup.js';

const FAILURE = 'telemetry.handler.failure';

describe('attach, detach, handlers, execute', () => {
  it('calls handlers synchronously with the normalized name, measurements and metadata', () => {
    const { events } = createHarness();
    const calls: unknown[] = [];
    events.attach('log', 'db.query', (event, measurements, metadata) => calls.push([event, measurements, metadata]));
    const metadata = { sql: 'SELECT 1' };
    events.execute(['db', 'query'], { duration: 2 }, metadata);
    expect(calls).toEqual([[['db', 'query'], { duration: 2 }, metadata]]);
    expect((calls[0] as unknown[])[2]).toBe(metadata);
    events.execute('db.query');
    expect(calls[1]).toEqual([['db', 'query'], {}, {}]);
    events.execute('db.other');
    expect(calls).toHaveLength(2);
  });

  it('treats a string array as one name and an array containing arrays as many', () => {
    const { events } = createHarness();
    const seen: string[] = [];
    const record = (event: readonly string[]) => seen.push(event.join('.'));
    events.attach('one', ['db', 'query'], record);
    events.attach('many', [['http', 'request'], 'job.done', ['http', 'request']], record);
    events.execute('db.query');
    events.execute('http.request');
    events.execute('job.done');
    events.execute('db');
    expect(seen).toEqual(['db.query', 'http.request', 'job.done']);
    expect(events.handlers()).toEqual([
      { id: 'one', events: [['db', 'query']], maxFailures: 1, config: undefined },
      { id: 'many', events: [['http', 'request'], ['job', 'done']], maxFailures: 1, config: undefined },
    ]);
  });

  it('reads an array of strings that are all dotted as several names, any other array of strings as one', () => {
    const { events } = createHarness();
    const seen: string[] = [];
    const record = (event: readonly string[]) => seen.push(event.join('.'));
    events.attach('dotted-list', ['db.query', 'http.request', 'db.query'], record);
    events.attach('one-name', ['my_app.db', 'pool'], record);
    events.attach('one-dotted', ['job.done'], record);
    events.execute('db.query');
    events.execute('http.request');
    events.execute('db.query.http.request');
    events.execute('my_app.db.pool');
    events.execute('job.done');
    expect(seen).toEqual(['db.query', 'http.request', 'my_app.db.pool', 'job.done']);
    expect(events.handlers().map((handler) => handler.events)).toEqual([
      [['db', 'query'], ['http', 'request']],
      [['my_app', 'db', 'pool']],
      [['job', 'done']],
    ]);
  });

  it('throws on a duplicate id, naming it, and detach reports whether it was attached', () => {
    const { events } = createHarness();
    events.attach('same', 'a', () => {}, { config: { level: 'info' }, maxFailures: 3 });
    expect(() => events.attach('same', 'b', () => {})).toThrow(/"same"/);
    expect(events.handlers()).toEqual([{ id: 'same', events: [['a']], maxFailures: 3, config: { level: 'info' } }]);
    expect(events.detach('same')).toBe(true);
    expect(events.detach('same')).toBe(false);
    expect(events.handlers()).toEqual([]);
  });

  it('runs a handler attached during a dispatch from the next one, and never one detached during it', () => {
    const { events } = createHarness();
    const order: string[] = [];
    events.attach('first', 'e', () => {
      order.push('first');
      events.detach('second');
      if (!events.handlers().some((h) => h.id === 'late')) events.attach('late', 'e', () => order.push('late'));
    });
    events.attach('second', 'e', () => order.push('second'));
    events.execute('e');
    events.execute('e');
    expect(order).toEqual(['first', 'first', 'late']);
  });

  it('keeps two instances apart', () => {
    const a = createHarness();
    const b = createHarness();
    const calls: string[] = [];
    a.events.attach('same-id', 'e', () => calls.push('a'));
    b.events.attach('same-id', 'e', () => calls.push('b'));
    a.events.execute('e');
    expect(calls).toEqual(['a']);
  });
});

describe('handler faults', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('detaches a throwing handler, reports it, and still calls the other handlers', () => {
    const { events, named } = createHarness();
    const boom = new Error('boom');
    const calls: string[] = [];
    events.attach('bad', 'db.query', () => {
      calls.push('bad');
      throw boom;
    });
    events.attach('good', 'db.query', () => calls.push('good'));
    expect(() => events.execute('db.query', { n: 1 })).not.toThrow();
    events.execute('db.query', { n: 2 });
    expect(calls).toEqual(['bad', 'good', 'good']);
    expect(named(FAILURE)).toEqual([
      expect.objectContaining({ measurements: { count: 1 }, metadata: { handlerId: 'bad', event: ['db', 'query'], error: boom } }),
    ]);
    expect(events.handlers().map((h) => h.id)).toEqual(['good']);
    expect(events.health().handlers).toEqual({ attached: 1, failures: 1, detached: 1 });
  });

  it('contains an async rejection: reported, detached, no unhandled rejection', async () => {
    const { events, named } = createHarness();
    const failures: unknown[] = [];
    events.attach('watch', ['telemetry', 'handler', 'failure'], (_e, _m, metadata) => failures.push(metadata));
    events.attach('async-bad', 'job.done', async () => {
      await Promise.resolve();
      throw new Error('later');
    });
    events.attach('thenable-bad', 'job.done', () => ({
      then: (_resolve: unknown, reject: (reason: unknown) => void) => reject('plain string'),
    }) as unknown as Promise<void>);
    events.execute('job.done');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual([
      { handlerId: 'thenable-bad', event: ['job', 'done'], error: 'plain string' },
      { handlerId: 'async-bad', event: ['job', 'done'], error: new Error('later') },
    ]);
    expect(named(FAILURE)).toHaveLength(2);
    expect(events.handlers().map((h) => h.id)).toEqual(['watch']);
    expect(unhandled).toEqual([]);
  });

  it('honours maxFailures within a minute of clock time', () => {
    const { events, clock } = createHarness({ batchIntervalMs: 600_000 });
    let calls = 0;
    events.attach('flaky', 'e', () => {
      calls++;
      throw new Error('flaky');
    }, { maxFailures: 3 });
    events.execute('e');
    clock.advance(30_000);
    events.execute('e');
    clock.advance(31_000); // the first failure is now more than a minute old
    events.execute('e');
    expect(events.handlers()).toHaveLength(1);
    clock.advance(10_000);
    events.execute('e'); // third failure within a minute (30s, 61s, 71s)
    expect(events.handlers()).toHaveLength(0);
    events.execute('e');
    expect(calls).toBe(4);
    expect(events.health().handlers).toEqual({ attached: 0, failures: 4, detached: 1 });
  });

  it('does not recurse when a failure handler fails', () => {
    const { events, named } = createHarness();
    let failureHandlerCalls = 0;
    events.attach('bad-failure-handler', 'telemetry.handler.failure', () => {
      failureHandlerCalls++;
      throw new Error('failure handler broken');
    }, { maxFailures: 100 });
    events.attach('bad', 'e', () => {
      throw new Error('boom');
    });
    events.attach('bad-too', 'e', () => {
      throw new Error('boom too');
    });
    expect(() => events.execute('e')).not.toThrow();
    expect(failureHandlerCalls).toBe(1);
    expect(named(FAILURE).map((entry) => entry.metadata.handlerId)).toEqual(['bad', 'bad-too']);
    expect(events.handlers()).toEqual([]);
    expect(events.health().handlers).toEqual({ attached: 0, failures: 3, detached: 3 });
  });

  it('does not recurse when a handler of everything fails on its own failure event', async () => {
    const { events } = createHarness();
    let calls = 0;
    events.attach('greedy', [['e'], ['telemetry', 'handler', 'failure']], async () => {
      calls++;
      throw new Error('always');
    }, { maxFailures: 5 });
    events.execute('e');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    expect(events.handlers()).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('survives an observer that throws', () => {
    const events = createEventSystem({
      config: DEFAULT_EVENTS_CONFIG,
      clock: createManualClock(),
      random: Math.random,
      observe: () => {
        throw new Error('observer broken');
      },
    });
    const calls: number[] = [];
    events.attach('h', 'e', () => calls.push(1));
    expect(() => events.execute('e')).not.toThrow();
    expect(calls).toEqual([1]);
  });
});
