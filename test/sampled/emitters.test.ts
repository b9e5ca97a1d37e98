import { describe, expect, it } from 'vitest';
import { createEventSystem } from '../../src/sampled/eventSystem.js';
import { createManualClock } from '../../src/testing/index.js';
import { createHarness, DEFAULT_EVENTS_CONFIG } from './setup.js';

describe('prefixed', () => {
  it('prepends the prefix for execute, emitEvent and emitBatched, and nests', () => {
    const { events, named } = createHarness();
    const db = events.prefixed(['app', 'db']);
    db.execute('query', { duration: 1 });
    expect(db.emitEvent(['error'], {}, { dedupKey: 'x' })).toBe(true);
    db.emitBatched('row', 2);
    db.prefixed('pool').execute('acquire');
    events.flush();
    expect(named('app.db.query')).toHaveLength(1);
    expect(named('app.db.error')).toHaveLength(1);
    expect(named('batched.app.db.row')[0]?.measurements).toEqual({ count: 2 });
    expect(named('app.db.pool.acquire')).toHaveLength(1);
  });

  it('reaches handlers attached to the full name', () => {
    const { events } = createHarness();
    const seen: (readonly string[])[] = [];
    events.attach('h', 'svc.job.done', (event) => seen.push(event));
    events.prefixed('svc').execute('job.done');
    expect(seen).toEqual([['svc', 'job', 'done']]);
  });
});

describe('prepared events', () => {
  it('answers hasHandlers as handlers come and go, and executes to them', () => {
    const events = createEventSystem({ config: DEFAULT_EVENTS_CONFIG, clock: createManualClock(), random: Math.random, observe: undefined });
    const start = events.prepare(['span', 'start']);
    expect(start.name).toEqual(['span', 'start']);
    expect(start.hasHandlers()).toBe(false);
    const calls: unknown[] = [];
    events.attach('spans', [['span', 'start'], ['span', 'stop']], (event, measurements, metadata) => calls.push([event, measurements, metadata]));
    expect(start.hasHandlers()).toBe(true);
    start.execute({ systemTime: 1 }, { name: 'x' });
    expect(calls).toEqual([[['span', 'start'], { systemTime: 1 }, { name: 'x' }]]);
    events.detach('spans');
    expect(start.hasHandlers()).toBe(false);
    events.attach('again', 'span.start', () => calls.push('again'));
    expect(start.hasHandlers()).toBe(true);
    events.shutdown();
    expect(start.hasHandlers()).toBe(false);
    start.execute({}, {});
    expect(calls).toHaveLength(1);
    expect(events.health().events.dropped).toBe(1);
  });

  it('reports handlers whenever an observer is installed, so the observer sees span events', () => {
    const { events, named } = createHarness();
    const stop = events.prepare('span.stop');
    expect(stop.hasHandlers()).toBe(true);
    stop.execute({ duration: 5 }, {});
    expect(named('span.stop')).toHaveLength(1);
    // the library's own events are not the application's calls: executed counts those only
    expect(events.health().events.executed).toBe(0);
  });
});

describe('flusher and lifecycle', () => {
  it('flushes on the instance clock every batchIntervalMs and stops at shutdown', () => {
    const { events, clock, named } = createHarness({ batchIntervalMs: 250 });
    expect(clock.pendingTimers()).toBe(1);
    events.emitBatched('x');
    clock.advance(249);
    expect(named('batched.x')).toHaveLength(0);
    clock.advance(1);
    expect(named('batched.x')).toHaveLength(1);
    expect(events.health().events.lastFlushAt).toBe(clock.now());
    events.shutdown();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('shutdown drains summaries and batches once; later handler emits are dropped', () => {
    const { events, named } = createHarness();
    events.attach('re-emit', 'batched.x', () => events.emitBatched('x'));
    events.emitBatched('x', 5);
    events.emitEvent('y', {}, { dedupKey: 1 });
    events.emitEvent('y', {}, { dedupKey: 1 });
    events.shutdown();
    events.shutdown();
    expect(named('batched.x').map((batch) => [batch.measurements.count, batch.metadata.reason])).toEqual([[5, 'interval']]);
    expect(named('suppressed.y').map((entry) => entry.measurements.count)).toEqual([1]);
    expect(events.health().events).toMatchObject({ dropped: 1, batches: 0, dedupKeys: 0, batchedEvents: 0 });
  });

  it('reports health counters', () => {
    const { events } = createHarness({ sampling: { s: 'never' } });
    events.attach('h', 'e', () => {});
    events.execute('e');
    events.emitEvent('e', {}, { dedupKey: 'k' });
    events.emitEvent('e', {}, { dedupKey: 'k' });
    events.emitEvent('s');
    events.emitBatched('b', 1, { batchKey: 1 });
    events.emitBatched('b', 1, { batchKey: 2 });
    events.emitBatched('b', 1, { batchKey: 2 });
    expect(events.health()).toEqual({
      events: {
        executed: 2,
        suppressed: 1,
        sampledOut: 1,
        dedupKeys: 1,
        dedupEvictions: 0,
        batches: 2,
        batchedEvents: 3,
        dropped: 0,
        lastFlushAt: undefined,
      },
      handlers: { attached: 1, failures: 0, detached: 0 },
    });
  });
});
