import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/testing/index.js';
import { createHarness, tick } from './harness.js';

describe('span bus events', () => {
  it('emits start then stop with identity, parent and attributes', () => {
    const harness = createHarness();
    harness.events.listen('span.start', 'span.stop', 'span.exception');
    let ids = { outer: '', inner: '', trace: '' };
    harness.spans.withSpan('outer', { route: '/pay' }, (outer) => {
      harness.spans.withSpan('inner', (inner) => {
        inner.setAttribute('late', 'yes');
        ids = { outer: outer.spanId, inner: inner.spanId, trace: outer.traceId };
      });
    });
    const executed = harness.events.executed;
    expect(executed.map((event) => `${event.event}:${event.metadata.name}`)).toEqual([
      'span.start:outer',
      'span.start:inner',
      'span.stop:inner',
      'span.stop:outer',
    ]);
    const [outerStart, innerStart, innerStop, outerStop] = executed;
    expect(outerStart?.metadata).toEqual({ name: 'outer', spanId: ids.outer, traceId: ids.trace, parentSpanId: undefined, route: '/pay' });
    expect(Object.keys(outerStart?.measurements ?? {}).sort()).toEqual(['monotonicTime', 'systemTime']);
    expect(Math.abs((outerStart?.measurements.systemTime ?? 0) - Date.now())).toBeLessThan(5000);
    expect(innerStart?.metadata).toEqual({ name: 'inner', spanId: ids.inner, traceId: ids.trace, parentSpanId: ids.outer });
    // The stop event carries the attributes the span had when it ended.
    expect(innerStop?.metadata).toEqual({ name: 'inner', spanId: ids.inner, traceId: ids.trace, parentSpanId: ids.outer, late: 'yes' });
    expect(innerStop?.measurements.duration).toBeGreaterThanOrEqual(0);
    expect(outerStop?.measurements.duration).toBeGreaterThanOrEqual(innerStop?.measurements.duration ?? 0);
  });

  it('emits exception instead of stop, with kind and error', async () => {
    const harness = createHarness();
    harness.events.listen('span.stop', 'span.exception');
    const error = new Error('boom');
    await expect(harness.spans.withSpan('failing', { step: 1 }, async () => Promise.reject(error))).rejects.toBe(error);
    expect(() =>
      harness.spans.withSpan('thrown', () => {
        throw 'plain';
      }),
    ).toThrow();
    await tick();
    const executed = harness.events.executed;
    expect(executed.map((event) => event.event)).toEqual(['span.exception', 'span.exception']);
    expect(executed[0]?.metadata).toMatchObject({ name: 'failing', step: 1, kind: 'error', error });
    expect(executed[1]?.metadata).toMatchObject({ name: 'thrown', kind: 'throw', error: 'plain' });
    expect(Object.keys(executed[0]?.measurements ?? {})).toEqual(['duration']);
  });

  it('identity keys win over attributes of the same name', () => {
    const harness = createHarness();
    harness.events.listen('span.start');
    harness.spans.withSpan('real', { name: 'fake', spanId: 'fake' }, (span) => {
      expect(harness.events.executed[0]?.metadata).toMatchObject({ name: 'real', spanId: span.spanId });
    });
  });

  it('a root span started inside another span has no parent on the bus', () => {
    const harness = createHarness();
    harness.events.listen('span.start');
    const ids = { outer: '', root: '', manual: '' };
    harness.spans.withSpan('outer', (outer) => {
      ids.outer = outer.spanId;
      harness.spans.withSpan('detached', { root: true }, (root) => (ids.root = root.traceId));
      ids.manual = harness.spans.startSpan('detached.manual', { root: true }).traceId;
    });
    const starts = harness.events.executed.map((event) => [event.metadata.name, event.metadata.parentSpanId]);
    expect(starts).toEqual([
      ['outer', undefined],
      ['detached', undefined],
      ['detached.manual', undefined],
    ]);
    expect(ids.root).not.toBe(harness.finishedNamed('outer').spanContext().traceId);
  });

  it('executes only the span events somebody listens to', async () => {
    const harness = createHarness();
    harness.events.listen('span.start');
    harness.spans.withSpan('ok', () => undefined);
    await expect(harness.spans.withSpan('failed', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await tick();
    expect(harness.events.executed.map((event) => `${event.event}:${event.metadata.name}`)).toEqual(['span.start:ok', 'span.start:failed']);
  });

  it('does no event work when nobody listens', () => {
    const harness = createHarness();
    harness.spans.withSpan('quiet', () => undefined);
    harness.spans.startSpan('quiet.manual').end();
    expect(harness.events.executions).toBe(0);
  });

  it('pairs stop with start: a listener attached mid-span sees the next span whole', () => {
    const harness = createHarness();
    harness.spans.withSpan('before', () => {
      harness.events.listen('span.start', 'span.stop');
    });
    harness.spans.withSpan('after', () => undefined);
    expect(harness.events.executed.map((event) => `${event.event}:${event.metadata.name}`)).toEqual(['span.start:after', 'span.stop:after']);
  });

  it('follows the instance clock when one is given: times and durations are exact', async () => {
    const clock = createManualClock();
    const harness = createHarness({ clock });
    harness.events.listen('span.start', 'span.stop', 'span.exception');
    harness.spans.withSpan('timed', () => clock.advance(25));
    await expect(
      harness.spans.withSpan('timed.reject', async () => {
        clock.advance(5);
        throw new Error('late');
      }),
    ).rejects.toThrow('late');
    await tick();
    const [start, stop, , exception] = harness.events.executed;
    expect(start?.measurements).toEqual({ systemTime: clock.now() - 30, monotonicTime: clock.now() - 30 });
    expect(stop?.measurements).toEqual({ duration: 25 });
    expect(exception?.measurements).toEqual({ duration: 5 });
  });
});
