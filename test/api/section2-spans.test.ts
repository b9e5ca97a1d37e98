import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import '../../src/testing/vitest.js';
import { make, tick } from '../support/testInstances.js';

describe('§2 withSpan', () => {
  it('withSpan(name, fn) and withSpan(name, attributes, fn) and withSpan(name, options, fn)', () => {
    const t = make();
    t.withSpan('a', () => undefined);
    t.withSpan('b', { 'order.id': 'o1' }, () => undefined);
    t.withSpan('c', { attributes: { n: 1 }, kind: SpanKind.SERVER }, () => undefined);
    const byName = new Map(t.spans().map((span) => [span.name, span]));
    expect(byName.get('b')?.attributes).toEqual({ 'order.id': 'o1' });
    expect(byName.get('c')?.attributes).toEqual({ n: 1 });
    expect(byName.get('c')?.kind).toBe(SpanKind.SERVER);
  });

  it('links and root options', () => {
    const t = make();
    const other = t.startSpan('other');
    other.end();
    t.withSpan('outer', () => {
      t.withSpan('detached', { root: true, links: [{ context: other.otelSpan.spanContext() }] }, () => undefined);
    });
    const detached = t.spans().find((span) => span.name === 'detached');
    expect(detached?.parentSpanContext?.spanId).toBeUndefined();
    expect(detached?.links.map((link) => link.context.spanId)).toEqual([other.spanId]);
    expect(t).toHaveSpan('detached', { parent: null });
  });

  it('fn receives a SpanHandle and runs with the span active (nested, trace.getActiveSpan)', async () => {
    const t = make();
    await t.withSpan('parent', async (span) => {
      expect(t.activeSpan()?.spanId).toBe(span.spanId);
      expect(trace.getActiveSpan()?.spanContext().spanId).toBe(span.spanId);
      await tick();
      await t.withSpan('child', async () => {
        await tick();
        const nested = trace.getTracer('third-party').startSpan('instrumentation');
        nested.end();
      });
    });
    expect(t.spanTree()).toMatchObject([{ name: 'parent', children: [{ name: 'child' }] }]);
    expect(t).toHaveSpan('child', { parent: 'parent' });
  });

  it('returns what fn returns: the same value; for a promise, one settling with the same value after the span ended', async () => {
    const t = make();
    const value = { v: 1 };
    expect(t.withSpan('sync', () => value)).toBe(value);
    const resolved = { v: 2 };
    const error = new Error('declined');
    expect(await t.withSpan('p', () => Promise.resolve(resolved))).toBe(resolved);
    expect(t.spans().map((span) => span.name)).toEqual(['sync', 'p']);
    await expect(t.withSpan('rejected', () => Promise.reject(error))).rejects.toBe(error);
    expect(t.spans().map((span) => span.name)).toEqual(['sync', 'p', 'rejected']);
  });

  it('a sync fn ends the span on return; a promise ends it when it settles', async () => {
    const t = make();
    let release!: (value: number) => void;
    const pending = new Promise<number>((resolve) => (release = resolve));
    const returned = t.withSpan('later', (span) => {
      expect(span.isEnded()).toBe(false);
      return pending;
    });
    t.withSpan('now', () => 1);
    expect(t.spans().map((span) => span.name)).toEqual(['now']);
    release(5);
    await expect(returned).resolves.toBe(5);
    await tick();
    expect(t.spans().map((span) => span.name)).toEqual(['now', 'later']);
  });

  it('a thenable that is not a promise ends the span when it settles', async () => {
    const t = make();
    let settle!: (value: string) => void;
    const thenable = {
      then(onFulfilled: (value: string) => unknown) {
        settle = (value) => onFulfilled(value);
        return thenable;
      },
    };
    const returned = t.withSpan('thenable', () => thenable);
    expect(returned).toBe(thenable);
    expect(t.spans()).toHaveLength(0);
    settle('done');
    await tick();
    expect(t.spans().map((span) => span.name)).toEqual(['thenable']);
  });

  it('an async iterable ends the span when iteration finishes, throws or is abandoned', async () => {
    const t = make();
    async function* numbers(failAt?: number) {
      for (let n = 1; n <= 3; n += 1) {
        if (n === failAt) throw new Error('iteration failed');
        yield n;
      }
    }
    const finished: number[] = [];
    for await (const n of t.withSpan('full', () => numbers())) finished.push(n);
    expect(finished).toEqual([1, 2, 3]);
    await expect(async () => {
      for await (const _n of t.withSpan('broken', () => numbers(2))) void _n;
    }).rejects.toThrow('iteration failed');
    for await (const _n of t.withSpan('abandoned', () => numbers())) break;
    await tick();
    const status = Object.fromEntries(t.spans().map((span) => [span.name, span.status.code]));
    expect(status).toEqual({ full: SpanStatusCode.UNSET, broken: SpanStatusCode.ERROR, abandoned: SpanStatusCode.UNSET });
    expect(t.health().spans).toMatchObject({ started: 3, ended: 3, open: 0 });
  });

  it('on throw: exception event, ERROR status, enriched error, same value rethrown', () => {
    const t = make();
    const error = new Error('boom');
    let thrown: unknown;
    try {
      t.withSpan('fails', () => {
        throw error;
      });
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBe(error);
    const [span] = t.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
    expect((error as Error & { context?: Record<string, unknown> }).context).toMatchObject({
      traceId: span?.spanContext().traceId,
      spanId: span?.spanContext().spanId,
    });
  });

  it('on rejection: the same rejection value, recorded, ERROR', async () => {
    const t = make();
    const error = new Error('async boom');
    await expect(t.withSpan('rejects', async () => Promise.reject(error))).rejects.toBe(error);
    await tick();
    expect(t).toHaveSpan('rejects', { status: 'error' });
    expect(t.spans()[0]?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('keeps a status fn already set', () => {
    const t = make();
    expect(() =>
      t.withSpan('own status', (span) => {
        span.setStatus({ code: SpanStatusCode.OK });
        throw new Error('x');
      }),
    ).toThrow('x');
    expect(t).toHaveSpan('own status', { status: 'ok' });
    expect(t.spans()[0]?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('non-Error values (strings, undefined) are recorded and rethrown unchanged', async () => {
    const t = make();
    let thrown: unknown = 'unset';
    try {
      t.withSpan('string', () => {
        throw 'plain string';
      });
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBe('plain string');
    await expect(t.withSpan('undefined', () => Promise.reject(undefined))).rejects.toBeUndefined();
    await tick();
    for (const span of t.spans()) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.events.map((event) => event.name)).toEqual(['exception']);
    }
    expect(t.spans()).toHaveLength(2);
  });

  it('the span ends exactly once whatever fn does (fn ending it itself included)', async () => {
    const t = make();
    t.withSpan('self-ended', (span) => span.end());
    expect(() =>
      t.withSpan('throws after end', (span) => {
        span.end();
        throw new Error('late');
      }),
    ).toThrow('late');
    await t.withSpan('async self-ended', async (span) => {
      await tick();
      span.end();
    });
    expect(t.spans()).toHaveLength(3);
    expect(t.health().spans).toMatchObject({ started: 3, ended: 3, open: 0 });
  });
});

describe('§2 traced', () => {
  it('returns a function with the same signature that runs each call in withSpan; attributes may be a function of the arguments', async () => {
    const t = make();
    const add = t.traced('math.add', (a: number, b: number) => a + b, { attributes: (a, b) => ({ a, b }) });
    expect(add(2, 3)).toBe(5);
    const fetchUser = t.traced('user.fetch', async (id: string) => ({ id }), { attributes: { static: true } });
    await expect(fetchUser('u1')).resolves.toEqual({ id: 'u1' });
    await tick();
    expect(t).toHaveSpan('math.add', { attributes: { a: 2, b: 3 } });
    expect(t).toHaveSpan('user.fetch', { attributes: { static: true } });
  });

  it('keeps this', () => {
    const t = make();
    const counter = {
      n: 1,
      read: undefined as unknown as () => number,
    };
    counter.read = t.traced('counter.read', function (this: { n: number }) {
      return this.n;
    });
    expect(counter.read()).toBe(1);
  });
});

describe('§2 startSpan, activeSpan, spanStack, currentTraceId', () => {
  it('startSpan returns a handle that is not active; run(fn) makes it active; end() is idempotent and counted', () => {
    const t = make();
    const handle = t.startSpan('manual', { 'job.id': 7 });
    expect(t.activeSpan()).toBeUndefined();
    const seen = handle.run(() => t.activeSpan()?.spanId);
    expect(seen).toBe(handle.spanId);
    handle.run(() => t.withSpan('inside', () => undefined));
    expect(handle.isEnded()).toBe(false);
    handle.end();
    expect(handle.isEnded()).toBe(true);
    expect(() => handle.end()).not.toThrow();
    expect(t.spans().filter((span) => span.name === 'manual')).toHaveLength(1);
    expect(t.health().spans.doubleEnded).toBe(1);
    expect(t).toHaveSpan('inside', { parent: 'manual' });
    expect(t).toHaveSpan('manual', { attributes: { 'job.id': 7 } });
  });

  it('startSpan(name) and startSpan(name, options)', () => {
    const t = make();
    t.startSpan('bare').end();
    t.startSpan('with options', { attributes: { k: 'v' }, kind: SpanKind.CLIENT }).end();
    expect(t.spans().find((span) => span.name === 'with options')?.kind).toBe(SpanKind.CLIENT);
    expect(t).toHaveSpan('with options', { attributes: { k: 'v' } });
  });

  it('activeSpan() is undefined outside; spanStack() lists root first as { name, spanId, traceId }', () => {
    const t = make();
    expect(t.activeSpan()).toBeUndefined();
    expect(t.spanStack()).toEqual([]);
    expect(t.currentTraceId()).toBeUndefined();
    t.withSpan('root', (root) => {
      t.withSpan('middle', (middle) => {
        t.withSpan('leaf', (leaf) => {
          expect(t.spanStack()).toEqual([
            { name: 'root', spanId: root.spanId, traceId: root.traceId },
            { name: 'middle', spanId: middle.spanId, traceId: root.traceId },
            { name: 'leaf', spanId: leaf.spanId, traceId: root.traceId },
          ]);
          expect(t.activeSpan()?.name).toBe('leaf');
          expect(t.currentTraceId()).toBe(root.traceId);
        });
      });
    });
  });
});

describe('§2 SpanHandle', () => {
  it('has name, spanId, traceId, otelSpan and every documented method', () => {
    const t = make();
    const linked = t.startSpan('linked');
    linked.end();
    t.withSpan('handle', (span) => {
      expect(span.name).toBe('handle');
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.otelSpan.spanContext().spanId).toBe(span.spanId);
      span
        .setAttribute('one', 1)
        .setAttributes({ two: 2, three: 'three' })
        .addEvent('checkpoint', { step: 1 })
        .addEvent('bare')
        .addLink({ context: linked.otelSpan.spanContext() })
        .setStatus({ code: SpanStatusCode.ERROR, message: 'bad' })
        .recordException(new Error('noted'));
      expect(span.isEnded()).toBe(false);
      expect(span.run(() => 'ran')).toBe('ran');
    });
    const span = t.spans().find((candidate) => candidate.name === 'handle');
    expect(span?.attributes).toEqual({ one: 1, two: 2, three: 'three' });
    expect(span?.events.map((event) => event.name)).toEqual(['checkpoint', 'bare', 'exception']);
    expect(span?.links.map((link) => link.context.spanId)).toEqual([linked.spanId]);
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad' });
  });
});

describe('§2 bus events for spans', () => {
  it("['span','start'] { systemTime, monotonicTime }, then ['span','stop'] { duration } with name, ids, parent and attributes", () => {
    const t = make();
    t.withSpan('outer', (outer) => {
      t.withSpan('inner', { 'db.table': 'users' }, () => t.clock.advance(25));
      return outer;
    });
    const starts = t.events('span.start');
    const stops = t.events(['span', 'stop']);
    expect(starts).toHaveLength(2);
    expect(stops).toHaveLength(2);
    const outer = t.spans().find((span) => span.name === 'outer');
    const inner = t.spans().find((span) => span.name === 'inner');
    const innerStart = starts.find((recorded) => recorded.metadata.name === 'inner');
    expect(Object.keys(innerStart?.measurements ?? {}).sort()).toEqual(['monotonicTime', 'systemTime']);
    expect(typeof innerStart?.measurements.systemTime).toBe('number');
    expect(typeof innerStart?.measurements.monotonicTime).toBe('number');
    expect(innerStart?.metadata).toMatchObject({
      name: 'inner',
      spanId: inner?.spanContext().spanId,
      traceId: inner?.spanContext().traceId,
      parentSpanId: outer?.spanContext().spanId,
      'db.table': 'users',
    });
    const innerStop = stops.find((recorded) => recorded.metadata.name === 'inner');
    expect(Object.keys(innerStop?.measurements ?? {})).toEqual(['duration']);
    expect(innerStop?.measurements.duration).toBeGreaterThanOrEqual(0);
    expect(innerStop?.metadata).toMatchObject({ name: 'inner', spanId: inner?.spanContext().spanId, parentSpanId: outer?.spanContext().spanId, 'db.table': 'users' });
    const outerStart = starts.find((recorded) => recorded.metadata.name === 'outer');
    expect(outerStart?.metadata).toHaveProperty('parentSpanId');
    expect(outerStart?.metadata.parentSpanId).toBeUndefined();
    const order = t.events().map((recorded) => `${recorded.event.join('.')}:${String(recorded.metadata.name)}`);
    expect(order).toEqual(['span.start:outer', 'span.start:inner', 'span.stop:inner', 'span.stop:outer']);
  });

  it("['span','exception'] with { duration } and metadata { kind, error } instead of stop", async () => {
    const t = make();
    const error = new TypeError('bad');
    expect(() =>
      t.withSpan('fails', { k: 1 }, () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(t.withSpan('rejects', async () => Promise.reject('text'))).rejects.toBe('text');
    await tick();
    expect(t.events('span.stop')).toHaveLength(0);
    const exceptions = t.events('span.exception');
    expect(exceptions).toHaveLength(2);
    const span = t.spans().find((candidate) => candidate.name === 'fails');
    const [thrown, rejected] = exceptions;
    expect(Object.keys(thrown?.measurements ?? {})).toEqual(['duration']);
    expect(thrown?.metadata).toMatchObject({
      name: 'fails',
      spanId: span?.spanContext().spanId,
      traceId: span?.spanContext().traceId,
      k: 1,
      error,
    });
    expect(thrown?.metadata).toHaveProperty('kind');
    expect(thrown?.metadata).toHaveProperty('parentSpanId');
    expect(rejected?.metadata).toMatchObject({ name: 'rejects', error: 'text' });
    expect(t).toHaveEmitted('span.exception', { times: 2 });
  });

  it('costs nothing visible when no handler is attached: no span events reach an instance without listeners', () => {
    const t = make();
    const seen: string[] = [];
    t.attach('other', 'app.thing', (event) => seen.push(event.join('.')));
    t.withSpan('quiet', () => undefined);
    expect(seen).toEqual([]);
    expect(t.spans()).toHaveLength(1);
  });
});

describe('§2 concurrency', () => {
  it('1,000 interleaved requests never parent to each other', async () => {
    const t = make();
    await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        t.withSpan(`request`, { index }, async () => {
          await tick();
          await t.withSpan('work', { index }, async () => {
            await new Promise((resolve) => setTimeout(resolve, index % 3));
          });
        }),
      ),
    );
    const spans = t.spans();
    expect(spans).toHaveLength(2000);
    const requests = new Map(spans.filter((span) => span.name === 'request').map((span) => [span.spanContext().spanId, span]));
    for (const request of requests.values()) expect(request.parentSpanContext?.spanId).toBeUndefined();
    for (const work of spans.filter((span) => span.name === 'work')) {
      const parent = requests.get(work.parentSpanContext?.spanId ?? '');
      expect(parent?.attributes.index).toBe(work.attributes.index);
    }
  });
});
