import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { waitFor, waitForEvent } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { make } from '../support/testInstances.js';

/** Whether `promise` has settled so far, and its rejection reason; the rejection counts as handled. */
function settlement(promise: Promise<unknown>): { settled: boolean; reason: unknown } {
  const state = { settled: false, reason: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (reason: unknown) => Object.assign(state, { settled: true, reason }),
  );
  return state;
}

const RUNTIME_API = [
  'withSpan', 'traced', 'startSpan', 'activeSpan', 'spanStack', 'currentTraceId',
  'attach', 'detach', 'handlers', 'execute', 'emitEvent', 'emitBatched', 'prefixed', 'samplingStats',
  'withContext', 'getContext', 'setContext', 'clearContext', 'enrichError', 'addBreadcrumb', 'captureError', 'logFields', 'inject', 'extract',
  'describe', 'health', 'flush', 'shutdown',
];

describe('§6 createTestTelemetry(options?)', () => {
  it('is a full Telemetry plus spans, spanTree, events, clock and reset', () => {
    const t = make({ serviceName: 'kit' });
    for (const method of RUNTIME_API) expect(typeof (t as unknown as Record<string, unknown>)[method]).toBe('function');
    for (const method of ['spans', 'spanTree', 'events', 'reset']) expect(typeof (t as unknown as Record<string, unknown>)[method]).toBe('function');
    expect(typeof t.clock.advance).toBe('function');
    expect(typeof t.clock.now()).toBe('number');
    expect(t.config.serviceName).toBe('kit');
    expect(t.config.spanProcessor).toBe('simple');
  });

  it('exports each span at once (simple processor, in-memory exporter) and keeps them after shutdown', async () => {
    const t = make();
    t.withSpan('kept', () => undefined);
    expect(t.spans().map((span) => span.name)).toEqual(['kept']);
    await t.shutdown();
    expect(t.spans().map((span) => span.name)).toEqual(['kept']);
  });

  it('runs on a manual clock: time stands still until advance(ms), which runs due flushes synchronously', () => {
    const t = make();
    const start = t.clock.now();
    t.emitBatched('tick.tock');
    expect(t.clock.now()).toBe(start);
    t.clock.advance(999);
    expect(t.events('batched.tick.tock')).toHaveLength(0);
    t.clock.advance(1);
    expect(t.clock.now()).toBe(start + 1000);
    expect(t.events('batched.tick.tock')).toHaveLength(1);
  });

  it('spanTree() gives { name, attributes, status, events, children } nodes', () => {
    const t = make();
    t.withSpan('root', { r: 1 }, () => {
      t.withSpan('child', (span) => {
        span.addEvent('note', { k: 'v' });
      });
    });
    const tree = t.spanTree();
    expect(tree).toHaveLength(1);
    const [root] = tree;
    expect(Object.keys(root ?? {}).sort()).toEqual(['attributes', 'children', 'events', 'name', 'status']);
    expect(root).toEqual({
      name: 'root',
      attributes: { r: 1 },
      status: { code: SpanStatusCode.UNSET },
      events: [],
      children: [
        { name: 'child', attributes: {}, status: { code: SpanStatusCode.UNSET }, events: [{ name: 'note', attributes: { k: 'v' } }], children: [] },
      ],
    });
  });

  it('events(filter?) lists every executed bus event as { event, measurements, metadata, at }; filter by dotted, array or predicate', () => {
    const t = make();
    const at = t.clock.now();
    t.execute('db.query', { duration: 2 }, { table: 't' });
    t.emitEvent(['cache', 'hit']);
    const all = t.events();
    expect(all).toEqual([
      { event: ['db', 'query'], measurements: { duration: 2 }, metadata: { table: 't' }, at },
      { event: ['cache', 'hit'], measurements: {}, metadata: {}, at },
    ]);
    expect(t.events('db.query')).toEqual([all[0]]);
    expect(t.events(['cache', 'hit'])).toEqual([all[1]]);
    expect(t.events((recorded) => recorded.measurements.duration === 2)).toEqual([all[0]]);
  });

  it('events() records executed events even with no handler attached, and not suppressed ones', () => {
    const t = make();
    t.emitEvent('d.e', {}, { dedupKey: 1 });
    t.emitEvent('d.e', {}, { dedupKey: 1 });
    expect(t.events('d.e')).toHaveLength(1);
  });

  it('reset() clears recorded spans and events', () => {
    const t = make();
    t.withSpan('s', () => t.execute('a.b'));
    t.reset();
    expect(t.spans()).toEqual([]);
    expect(t.events()).toEqual([]);
    t.execute('a.b');
    expect(t.events()).toHaveLength(1);
  });
});

describe('§6 waitForEvent(t, event, { timeoutMs = 1000, where? })', () => {
  it('resolves with a past event', async () => {
    const t = make();
    t.execute('past.event', { n: 1 });
    await expect(waitForEvent(t, 'past.event')).resolves.toMatchObject({ event: ['past', 'event'], measurements: { n: 1 } });
  });

  it('resolves with a future event, matching where, dotted or array', async () => {
    const t = make();
    const waiting = waitForEvent(t, ['future', 'event'], { where: (recorded) => recorded.metadata.id === 2 });
    t.execute('future.event', {}, { id: 1 });
    setTimeout(() => t.execute('future.event', {}, { id: 2 }), 5);
    await expect(waiting).resolves.toMatchObject({ metadata: { id: 2 } });
  });

  it('rejects after timeoutMs with a message listing what was seen', async () => {
    const t = make();
    t.execute('seen.one');
    const started = Date.now();
    const error = await waitForEvent(t, 'never.seen', { timeoutMs: 30 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('never.seen');
    expect((error as Error).message).toContain('seen.one');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('waits 1000 ms by default', async () => {
    const t = make();
    // Node's timers faked: the wait is measured in timer time, exactly, whatever the load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const outcome = settlement(waitForEvent(t, 'never.seen'));
      await vi.advanceTimersByTimeAsync(999);
      expect(outcome.settled, 'settled before 1000 ms').toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome.settled, 'still waiting at 1000 ms').toBe(true);
      expect((outcome.reason as Error).message).toContain('within 1000ms');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('§6 waitFor(condition, { timeoutMs = 1000, intervalMs = 10 })', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? 'ready' : false), { intervalMs: 1 })).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('polls every 10 ms by default and gives up after 1000 ms by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      let calls = 0;
      const outcome = settlement(
        waitFor(() => {
          calls += 1;
          return false;
        }),
      );
      // Once at once, then once per 10 ms.
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(10);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(89);
      expect(calls).toBe(10);
      await vi.advanceTimersByTimeAsync(900);
      expect(outcome.settled, 'settled before 1000 ms').toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome.settled, 'still waiting at 1000 ms').toBe(true);
      expect(outcome.reason).toBeInstanceOf(Error);
      expect((outcome.reason as Error).message).toContain('within 1000ms');
      expect(calls).toBe(100);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('§6 foundation-telemetry/vitest matchers', () => {
  it('toHaveEmitted(event, { times, measurements, metadata }) with dotted or array names', () => {
    const t = make();
    t.execute('db.query', { duration: 3 }, { table: 'users' });
    t.execute(['db', 'query'], { duration: 4 }, { table: 'orders' });
    expect(t).toHaveEmitted('db.query');
    expect(t).toHaveEmitted(['db', 'query'], { times: 2 });
    expect(t).toHaveEmitted('db.query', { times: 1, measurements: { duration: 3 }, metadata: { table: 'users' } });
    expect(t).not.toHaveEmitted('db.insert');
    expect(t).not.toHaveEmitted('db.query', { times: 3 });
  });

  it('toHaveEmitted fails with a message that shows what was emitted', () => {
    const t = make();
    t.execute('db.query', { duration: 3 }, { table: 'users' });
    let message = '';
    try {
      expect(t).toHaveEmitted('db.query', { metadata: { table: 'orders' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('db.query');
    expect(message).toContain('users');
  });

  it('toHaveSpan(name, { parent, status, attributes })', () => {
    const t = make();
    t.withSpan('parent', () => {
      t.withSpan('child', { k: 'v' }, (span) => {
        span.setStatus({ code: SpanStatusCode.OK });
      });
    });
    expect(() =>
      t.withSpan('failing', () => {
        throw new Error('x');
      }),
    ).toThrow();
    expect(t).toHaveSpan('child', { parent: 'parent', status: 'ok', attributes: { k: 'v' } });
    expect(t).toHaveSpan('failing', { status: 'error' });
    expect(t).not.toHaveSpan('child', { parent: 'failing' });
    let message = '';
    try {
      expect(t).toHaveSpan('missing');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('missing');
    expect(message).toContain('parent');
  });
});
