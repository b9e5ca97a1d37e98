import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createManualClock,
  MANUAL_CLOCK_EPOCH_MS,
} from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

describe('createTestTelemetry: spans', () => {
  it('keeps every finished span, in end order', () => {
    const t = make();
    t.withSpan('outer', () => t.withSpan('inner', () => 1));
    expect(t.spans().map((span) => span.name)).toEqual(['inner', 'outer']);
  });

  it('still returns the spans after shutdown()', async () => {
    const t = make();
    await t.withSpan('job.run', { 'job.id': 7 }, async () => undefined);
    await t.shutdown();
    const spans = t.spans();
    expect(spans.map((span) => [span.name, span.attributes['job.id']])).toEqual([['job.run', 7]]);
    expect(t.spanTree().map((node) => node.name)).toEqual(['job.run']);
  });

  it('spanTree() nests spans with name, attributes, status, events and children', () => {
    const t = make();
    expect(() =>
      t.withSpan('request', { route: '/pay' }, () => {
        t.withSpan('load', () => undefined);
        t.withSpan('charge', (span) => {
          span.addEvent('card.checked', { ok: false });
          throw new Error('declined');
        });
      }),
    ).toThrow('declined');

    const [request, ...otherRoots] = t.spanTree();
    expect(otherRoots).toEqual([]);
    expect(request).toMatchObject({ name: 'request', attributes: { route: '/pay' }, status: { code: SpanStatusCode.ERROR } });
    expect(request?.children.map((child) => child.name)).toEqual(['load', 'charge']);
    const charge = request?.children[1];
    expect(charge?.status.code).toBe(SpanStatusCode.ERROR);
    expect(charge?.events.map((event) => event.name)).toEqual(['card.checked', 'exception']);
    expect(charge?.events[0]).toEqual({ name: 'card.checked', attributes: { ok: false } });
    expect(charge?.children).toEqual([]);
  });
});

describe('createTestTelemetry: spanTree() start order within one millisecond', () => {
  // OpenTelemetry takes a span's startTime from Date.now(): spans started in the same
  // millisecond share it. Freezing Date.now makes that tie certain.
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('orders roots and children by start, not by end, when their start times tie', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 1));
    const t = make();
    const first = t.startSpan('first.root');
    const second = t.startSpan('second.root');
    first.run(() => {
      const early = t.startSpan('early.child');
      const late = t.startSpan('late.child');
      late.end();
      early.end();
    });
    second.end();
    first.end();

    expect(t.spans()[0]?.startTime).toEqual(t.spans().at(-1)?.startTime);
    expect(t.spanTree().map((node) => [node.name, node.children.map((child) => child.name)])).toEqual([
      ['first.root', ['early.child', 'late.child']],
      ['second.root', []],
    ]);
  });

  it('puts a span started before reset() ahead of later ones in the same millisecond', () => {
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 1));
    const t = make();
    const before = t.startSpan('started.before.reset');
    t.reset();
    const after = t.startSpan('started.after.reset');
    after.end();
    before.end();
    expect(t.spanTree().map((node) => node.name)).toEqual(['started.before.reset', 'started.after.reset']);
  });
});

describe('createTestTelemetry: events', () => {
  it('records executed events as { event, measurements, metadata, at }', () => {
    const t = make();
    t.clock.advance(5);
    t.execute('db.query', { rows: 3 }, { table: 'users' });
    expect(t.events('db.query')).toEqual([
      { event: ['db', 'query'], measurements: { rows: 3 }, metadata: { table: 'users' }, at: MANUAL_CLOCK_EPOCH_MS + 5 },
    ]);
  });

  it('filters by dotted name, array name or predicate, and returns everything without a filter', () => {
    const t = make();
    t.execute('db.query', { rows: 1 });
    t.execute(['db', 'connect']);
    t.execute('db.query', { rows: 2 });
    expect(t.events('db.query').map((e) => e.measurements.rows)).toEqual([1, 2]);
    expect(t.events(['db', 'connect'])).toHaveLength(1);
    expect(t.events('db')).toEqual([]);
    expect(t.events((e) => (e.measurements.rows ?? 0) > 1)).toHaveLength(1);
    const dbEvents = t.events().filter((e) => e.event[0] === 'db');
    expect(dbEvents.map((e) => e.event.join('.'))).toEqual(['db.query', 'db.connect', 'db.query']);
    expect(() => t.events('' as string)).toThrow(TypeError);
    expect(() => t.events(['db', ''])).toThrow(/events: filter must be an event name/);
  });

  it('records span events even though no handler is attached', () => {
    const t = make();
    t.withSpan('checkout.charge', { 'order.id': 'o-1' }, () => undefined);
    const [start] = t.events('span.start');
    const [stop] = t.events('span.stop');
    expect(start?.metadata).toMatchObject({ name: 'checkout.charge', 'order.id': 'o-1' });
    expect(stop?.measurements).toHaveProperty('duration');
  });

  it('records handler failures', () => {
    const t = make();
    t.attach('broken', 'order.placed', () => {
      throw new Error('handler bug');
    });
    t.execute('order.placed');
    const [failure] = t.events('telemetry.handler.failure');
    expect(failure?.metadata).toMatchObject({ handlerId: 'broken', event: ['order', 'placed'] });
  });

  it('clock.advance runs the batch flusher synchronously', () => {
    const t = make({ events: { batchIntervalMs: 1000 } });
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.emitBatched('cache.miss', 2, { batchKey: 'users' });
    t.clock.advance(999);
    expect(t.events('batched.cache.miss')).toEqual([]);
    t.clock.advance(1);
    const [batch, ...rest] = t.events('batched.cache.miss');
    expect(rest).toEqual([]);
    expect(batch?.measurements).toEqual({ count: 3 });
    expect(batch?.metadata).toMatchObject({ batchKey: 'users', reason: 'interval' });
    expect(batch?.at).toBe(MANUAL_CLOCK_EPOCH_MS + 1000);
  });

  it('reset() forgets spans and events but keeps time', () => {
    const t = make();
    t.withSpan('before', () => undefined);
    t.execute('before');
    t.clock.advance(10);
    t.reset();
    expect(t.spans()).toEqual([]);
    expect(t.events()).toEqual([]);
    expect(t.spanTree()).toEqual([]);
    expect(t.clock.now()).toBe(MANUAL_CLOCK_EPOCH_MS + 10);
    t.execute('after');
    expect(t.events().map((e) => e.event)).toEqual([['after']]);
  });
});

describe('createTestTelemetry: options', () => {
  it('uses a manual clock passed in', () => {
    const clock = createManualClock(1_000);
    const t = make({ clock });
    expect(t.clock).toBe(clock);
    t.execute('tick');
    expect(t.events('tick')[0]?.at).toBe(1_000);
  });

  it('keeps the in-memory exporter even when another exporter is passed untyped', () => {
    const t = make({ exporter: 'console', spanProcessor: 'batch' } as never);
    expect(t.config.spanProcessor).toBe('simple');
    t.withSpan('kept', () => undefined);
    expect(t.spans().map((span) => span.name)).toEqual(['kept']);
  });

  it('keeps two instances apart', () => {
    const a = make();
    const b = make();
    a.execute('only.a');
    a.withSpan('span.a', () => undefined);
    expect(b.events('only.a')).toEqual([]);
    expect(b.spans()).toEqual([]);
  });
});
