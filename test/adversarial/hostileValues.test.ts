import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { types } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestTelemetry } from '../../src/testing/index.js';
import { make, tick } from '../support/testInstances.js';

// Values an application may throw, reject with or return, which a library must not touch
// carelessly: every inspection of them (instanceof, a property read, String()) throws.

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function trapsThrow(allowThen: boolean): object {
  const refuse = (): never => {
    throw new Error('hostile trap');
  };
  return new Proxy(
    {},
    {
      get: (_target, key) => (allowThen && key === 'then' ? undefined : refuse()),
      getPrototypeOf: refuse,
      has: refuse,
      ownKeys: refuse,
      getOwnPropertyDescriptor: refuse,
      set: refuse,
      defineProperty: refuse,
      deleteProperty: refuse,
      setPrototypeOf: refuse,
      isExtensible: refuse,
      preventExtensions: refuse,
    },
  );
}

const hostileValues: [string, () => unknown][] = [
  ['a revoked Proxy', revokedProxy],
  ['an object whose every getter and getPrototypeOf throw', () => trapsThrow(false)],
  // A promise can only be fulfilled with an object whose `then` can be read.
  ['an object whose getters throw except then', () => trapsThrow(true)],
  ['a frozen error', () => Object.freeze(new Error('frozen'))],
];

type Work = () => unknown;

interface Api {
  /** Runs `work` through the API under test and returns what the caller receives. */
  run(t: TestTelemetry, work: Work): unknown;
  /** Whether the API records the failure on a span of its own (status ERROR). */
  recordsFailure: boolean;
  spans: number;
  afterShutdown?: boolean;
}

const apis: [string, Api][] = [
  ['withSpan', { run: (t, work) => t.withSpan('work', work), recordsFailure: true, spans: 1 }],
  ['traced', { run: (t, work) => t.traced('work', work)(), recordsFailure: true, spans: 1 }],
  [
    'startSpan().run',
    {
      run(t, work) {
        const span = t.startSpan('work');
        try {
          return span.run(work);
        } finally {
          span.end();
        }
      },
      recordsFailure: false,
      spans: 1,
    },
  ],
  ['withContext', { run: (t, work) => t.withContext({ job: 'j-1' }, work), recordsFailure: false, spans: 0 }],
  ['extract', { run: (t, work) => t.extract({}, work), recordsFailure: false, spans: 0 }],
  ['withSpan after shutdown', { run: (t, work) => t.withSpan('work', work), recordsFailure: false, spans: 0, afterShutdown: true }],
];

type Outcome = { status: 'returned' | 'thrown' | 'fulfilled' | 'rejected'; value: unknown };

/** How `work` ends, read without inspecting the value (a wrapper object is resolved, never the value). */
function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (value: unknown) => ({ status: 'rejected', value }),
  );
}

function callSync(call: () => unknown): Outcome {
  try {
    return { status: 'returned', value: call() };
  } catch (error) {
    return { status: 'thrown', value: error };
  }
}

const shapes: [string, (value: unknown) => Work][] = [
  [
    'thrown sync',
    (value) => () => {
      throw value;
    },
  ],
  ['rejected async', (value) => () => Promise.reject(value)],
  ['returned sync', (value) => () => value],
  ['resolved async', (value) => async () => value],
];

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** The span accounting holds: every span started was ended, once. */
function expectEndedOnce(t: TestTelemetry, spans: number): void {
  const health = t.health().spans;
  expect(health, JSON.stringify(health)).toEqual({ started: spans, ended: spans, open: 0, doubleEnded: 0 });
  expect(t.spans()).toHaveLength(spans);
}

describe.each(apis)('%s: whatever fn throws, rejects with or returns reaches the caller unchanged', (_apiName, api) => {
  describe.each(hostileValues)('%s', (_valueName, makeValue) => {
    it.each(shapes)('%s', async (shape, makeWork) => {
      const t = make();
      if (api.afterShutdown === true) await t.shutdown();
      const value = makeValue();
      const work = makeWork(value);
      // What fn's own promise settles with is what the caller must see (an async fn
      // resolving with a value whose `then` throws rejects with that error, library or not).
      let own: Promise<Outcome> | undefined;
      const watched: Work = () => {
        const result = work();
        if (types.isPromise(result)) own = outcomeOf(result);
        return result;
      };

      const received = callSync(() => api.run(t, watched));
      let expected: Outcome;
      let seen: Outcome;
      if (own === undefined) {
        expected = shape === 'thrown sync' ? { status: 'thrown', value } : { status: 'returned', value };
        seen = received;
      } else {
        expect(received.status, 'an async fn makes the caller receive a promise, not a throw').toBe('returned');
        expected = await own;
        seen = await outcomeOf(received.value as Promise<unknown>);
      }
      expect(seen.status).toBe(expected.status);
      expect(seen.value === expected.value, `${shape}: the caller received another value than fn produced`).toBe(true);

      await tick();
      expectEndedOnce(t, api.spans);
      if (api.recordsFailure) {
        const failed = expected.status === 'thrown' || expected.status === 'rejected';
        const [span] = t.spans();
        expect(span?.status.code).toBe(failed ? SpanStatusCode.ERROR : SpanStatusCode.UNSET);
        expect(span?.events.filter((event) => event.name === 'exception')).toHaveLength(failed ? 1 : 0);
      }
      expect(unhandled, `unhandled rejections: ${unhandled.length}`).toEqual([]);
    });
  });
});

describe('hostile values in the other places that inspect them', () => {
  it.each(hostileValues)('the span.exception event and its handlers get %s as is', async (_name, makeValue) => {
    const t = make();
    const seen: { kind: unknown; error: unknown }[] = [];
    t.attach('recorder', 'span.exception', (_event, _measurements, metadata) => {
      seen.push({ kind: metadata.kind, error: metadata.error });
    });
    t.attach('careless', 'span.exception', (_event, _measurements, metadata) => {
      // A handler that inspects the value fails; that is contained by the bus.
      String((metadata.error as { message: unknown }).message);
      String(metadata.error);
    });
    const value = makeValue();
    const thrown = callSync(() =>
      t.withSpan('sync', () => {
        throw value;
      }),
    );
    const rejected = await outcomeOf(t.withSpan('async', async () => Promise.reject(value)));
    await tick();
    expect(thrown.value === value && rejected.value === value, 'the caller got another value').toBe(true);
    expect(seen).toHaveLength(2);
    for (const entry of seen) {
      expect(entry.error === value).toBe(true);
      expect(entry.kind).toBe(types.isNativeError(value) ? 'error' : 'throw');
    }
    expectEndedOnce(t, 2);
    expect(unhandled).toEqual([]);
  });

  it.each(hostileValues)('handle.recordException and handle.setStatus survive %s', (_name, makeValue) => {
    const t = make();
    const value = makeValue();
    t.withSpan('manual', (span) => {
      expect(() => span.recordException(value)).not.toThrow();
      expect(() => span.setStatus(value as never)).not.toThrow();
      span.setStatus({ code: SpanStatusCode.OK });
    });
    const [span] = t.spans();
    const [exception] = span?.events ?? [];
    expect(exception?.name).toBe('exception');
    expect(typeof exception?.attributes?.['exception.type']).toBe('string');
    expect(typeof exception?.attributes?.['exception.message']).toBe('string');
    // The unreadable status changed nothing; the readable one afterwards applies.
    expect(span?.status).toEqual({ code: SpanStatusCode.OK });
    expectEndedOnce(t, 1);

    // The same through a handle on another instrumentation's span.
    const foreign = new BasicTracerProvider().getTracer('other').startSpan('foreign');
    context.with(trace.setSpan(context.active(), foreign), () => {
      const handle = t.activeSpan();
      expect(handle?.otelSpan).toBe(foreign);
      expect(() => handle?.recordException(value)).not.toThrow();
      expect(() => handle?.setStatus(value as never)).not.toThrow();
    });
    foreign.end();
  });

  it.each(hostileValues)('captureError and enrichError return %s unchanged', (_name, makeValue) => {
    const t = make();
    const value = makeValue();
    t.withSpan('capturing', () => {
      expect(t.captureError(value) === value).toBe(true);
      expect(t.enrichError(value) === value).toBe(true);
    });
    const captured = t.events('error.captured');
    expect(captured).toHaveLength(1);
    expect(captured[0]?.metadata.error === value).toBe(true);
    expect(typeof captured[0]?.metadata.errorType).toBe('string');
    const [exception] = t.spans()[0]?.events ?? [];
    expect(exception?.name).toBe('exception');
    expect(typeof exception?.attributes?.['exception.type']).toBe('string');
    expect(typeof exception?.attributes?.['exception.message']).toBe('string');
  });

  it('a hostile value nested in context or breadcrumb data is marked unreadable, and only it', () => {
    const t = make();
    const error = new Error('with context') as Error & { context?: Record<string, unknown> };
    const when = new Date(0);
    t.withContext({ list: ['kept', revokedProxy(), trapsThrow(false)], nested: { bad: revokedProxy(), good: 1 }, when }, () => {
      t.addBreadcrumb('step', { bad: revokedProxy(), items: [revokedProxy(), 2] });
      expect(() => t.logFields()).not.toThrow();
      t.enrichError(error);
    });
    expect(error.context).toMatchObject({
      list: ['kept', '[Unreadable]', '[Unreadable]'],
      nested: { bad: '[Unreadable]', good: 1 },
      when,
      breadcrumbs: [{ message: 'step', data: { bad: '[Unreadable]', items: ['[Unreadable]', 2] } }],
    });
  });
});

describe('the promise withSpan returns', () => {
  it('settles after the span has ended, for fulfilment and for rejection', async () => {
    const t = make();
    const error = new Error('declined');
    expect(await t.withSpan('fulfilled', async () => 'done')).toBe('done');
    expect(t.spans().map((span) => span.name)).toEqual(['fulfilled']);
    await expect(t.traced('rejected', async () => Promise.reject(error))()).rejects.toBe(error);
    expect(t.spans().map((span) => span.name)).toEqual(['fulfilled', 'rejected']);
    expect(t.spans()[1]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('is chained with the intrinsic then: a then replaced on the returned promise changes nothing', async () => {
    const t = make();
    const calls: string[] = [];
    const work = Promise.resolve(5);
    // A replaced `then` that defers the callbacks it is given (and records that it was called).
    (work as { then: unknown }).then = function (this: Promise<number>, ...args: Parameters<Promise<number>['then']>) {
      calls.push('then');
      return new Promise((resolve) => setTimeout(() => resolve(Promise.prototype.then.apply(this, args)), 20));
    };
    expect(await t.withSpan('patched', () => work)).toBe(5);
    expect(calls).toEqual([]);
    expectEndedOnce(t, 1);
    expect(t.spans()[0]?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a native promise whose constructor getter throws is handed back as is, and the span still ends', async () => {
    const t = make();
    const work = Promise.resolve(5);
    Object.defineProperty(work, 'constructor', {
      get() {
        throw new Error('hostile constructor');
      },
    });
    expect(t.withSpan('hostile.promise', () => work)).toBe(work);
    expect(t.withContext({}, () => work)).toBe(work);
    const stopped = make();
    await stopped.shutdown();
    expect(stopped.withSpan('after.shutdown', () => work)).toBe(work);
    await tick();
    expectEndedOnce(t, 1);
    expect(unhandled).toEqual([]);
  });

  it('a thenable that is not a native promise is returned as is and still ends the span', async () => {
    const t = make();
    let settle!: (value: string) => void;
    const thenable = {
      then(onFulfilled: (value: string) => unknown) {
        settle = (value) => onFulfilled(value);
      },
    };
    expect(t.withSpan('thenable', () => thenable)).toBe(thenable);
    expect(t.health().spans.open).toBe(1);
    settle('done');
    expectEndedOnce(t, 1);
  });
});
