import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createHarness, tick, type Harness } from './harness.js';

/** The span ended once: exported once, counted once, nothing left open or ended twice. */
function expectEndedOnce(harness: Harness, name: string): ReadableSpan {
  const span = harness.finishedNamed(name);
  expect(harness.spans.health()).toMatchObject({ open: 0, doubleEnded: 0 });
  expect(harness.spans.health().ended).toBe(harness.spans.health().started);
  return span;
}

function exceptionEvents(span: ReadableSpan) {
  return span.events.filter((event) => event.name === 'exception');
}

describe('withSpan ends the span once for every shape of result', () => {
  it('sync value: ends at return', () => {
    const harness = createHarness();
    const value = harness.spans.withSpan('sync', () => 'done');
    expect(value).toBe('done');
    const span = expectEndedOnce(harness, 'sync');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(exceptionEvents(span)).toHaveLength(0);
  });

  it('sync throw: records, sets ERROR, enriches in the span context and rethrows the same error', () => {
    const harness = createHarness();
    const error = new TypeError('bad card');
    let thrown: unknown;
    try {
      harness.spans.withSpan('sync.throw', () => {
        throw error;
      });
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBe(error);
    const span = expectEndedOnce(harness, 'sync.throw');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad card' });
    const [exception] = exceptionEvents(span);
    expect(exception?.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad card',
      'error.context.enrichedIn': 'sync.throw',
    });
    expect(harness.errors.enriched).toEqual([{ error, activeSpanName: 'sync.throw' }]);
  });

  it('native promise: returns a promise that settles with the same value once the span has ended', async () => {
    const harness = createHarness();
    let resolve!: (value: object) => void;
    const promise = new Promise<object>((r) => (resolve = r));
    const returned = harness.spans.withSpan('promise', () => promise);
    expect(harness.spans.health().open).toBe(1);
    const value = { total: 7 };
    resolve(value);
    expect(await returned).toBe(value);
    expect(expectEndedOnce(harness, 'promise').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('async fn rejecting: the caller sees the same rejection, the span records it', async () => {
    const harness = createHarness();
    const error = new Error('declined');
    const returned = harness.spans.withSpan('async.reject', async () => {
      await tick();
      throw error;
    });
    await expect(returned).rejects.toBe(error);
    await tick();
    const span = expectEndedOnce(harness, 'async.reject');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'declined' });
    expect(exceptionEvents(span)[0]?.attributes).toMatchObject({ 'error.context.enrichedIn': 'async.reject' });
    expect(harness.errors.enriched.map((entry) => entry.activeSpanName)).toEqual(['async.reject']);
  });

  it('a rejected promise returned by fn makes no unhandled rejection of its own', async () => {
    const harness = createHarness();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      // The caller handles what withSpan returns; fn's own promise is the library's to handle.
      const returned = harness.spans.withSpan('handled', () => Promise.reject(new Error('late')));
      await expect(returned).rejects.toThrow('late');
      await tick();
      await tick();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expectEndedOnce(harness, 'handled');
  });

  it('a thenable that is not a Promise: same object back, ended when it settles', async () => {
    const harness = createHarness();
    const callbacks: { fulfil: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
    const thenable = {
      then(fulfil: (value: unknown) => void, reject: (error: unknown) => void) {
        callbacks.push({ fulfil, reject });
      },
    };
    const returned = harness.spans.withSpan('thenable', () => thenable);
    expect(returned).toBe(thenable);
    expect(callbacks).toHaveLength(1);
    expect(harness.spans.health().open).toBe(1);
    callbacks[0]?.fulfil('ok');
    // A misbehaving thenable settling twice still ends the span once.
    callbacks[0]?.reject(new Error('twice'));
    const span = expectEndedOnce(harness, 'thenable');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(exceptionEvents(span)).toHaveLength(0);
  });

  it('a rejecting thenable records the failure', () => {
    const harness = createHarness();
    const thenable = {
      then(_fulfil: unknown, reject: (error: unknown) => void) {
        reject('nope');
      },
    };
    harness.spans.withSpan('thenable.reject', () => thenable);
    const span = expectEndedOnce(harness, 'thenable.reject');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' });
    expect(exceptionEvents(span)[0]?.attributes).toMatchObject({ 'exception.type': 'string', 'exception.message': 'nope' });
  });

  it('async generator iterated to the end: ends when done, each step runs in the span', async () => {
    const harness = createHarness();
    const seenActive: (string | undefined)[] = [];
    const iterable = harness.spans.withSpan('generator', async function* () {
      for (let index = 0; index < 3; index++) {
        await tick();
        seenActive.push(harness.spans.activeSpan()?.name);
        yield index;
      }
    });
    const items: number[] = [];
    for await (const item of iterable) {
      items.push(item);
      expect(harness.spans.health().open).toBe(1);
    }
    expect(items).toEqual([0, 1, 2]);
    expect(seenActive).toEqual(['generator', 'generator', 'generator']);
    expect(expectEndedOnce(harness, 'generator').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('async generator abandoned after 2 items: ends once when the consumer breaks', async () => {
    const harness = createHarness();
    let cleanedUp = false;
    const iterable = harness.spans.withSpan('abandoned', async function* () {
      try {
        for (let index = 0; ; index++) yield index;
      } finally {
        cleanedUp = true;
      }
    });
    const items: number[] = [];
    for await (const item of iterable) {
      items.push(item);
      if (items.length === 2) break;
    }
    expect(items).toEqual([0, 1]);
    expect(cleanedUp).toBe(true);
    const span = expectEndedOnce(harness, 'abandoned');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(exceptionEvents(span)).toHaveLength(0);
  });

  it('async generator that throws mid-iteration: recorded, rethrown, ended once', async () => {
    const harness = createHarness();
    const error = new Error('stream broke');
    const iterable = harness.spans.withSpan('generator.throw', async function* () {
      yield 1;
      throw error;
    });
    const items: number[] = [];
    await expect(
      (async () => {
        for await (const item of iterable) items.push(item);
      })(),
    ).rejects.toBe(error);
    expect(items).toEqual([1]);
    const span = expectEndedOnce(harness, 'generator.throw');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'stream broke' });
    expect(exceptionEvents(span)).toHaveLength(1);
  });

  it('a plain async iterable object is wrapped and ended too', async () => {
    const harness = createHarness();
    const source = {
      [Symbol.asyncIterator]() {
        let index = 0;
        return { next: async () => (index < 2 ? { done: false, value: index++ } : { done: true, value: undefined }) };
      },
    };
    const iterable = harness.spans.withSpan('iterable', () => source);
    const items: number[] = [];
    for await (const item of iterable) items.push(item as number);
    expect(items).toEqual([0, 1]);
    expectEndedOnce(harness, 'iterable');
  });

  it.each([
    ['a string', 'x', 'string', 'x'],
    ['undefined', undefined, 'undefined', 'undefined'],
    ['a number', 42, 'number', '42'],
  ])('non-Error throw (%s) is recorded and rethrown unchanged', async (_label, value, type, message) => {
    const harness = createHarness();
    let thrown: unknown = 'not thrown';
    try {
      harness.spans.withSpan('sync.value', () => {
        throw value;
      });
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBe(value);
    await expect(harness.spans.withSpan('async.value', () => Promise.reject(value))).rejects.toBe(value);
    await tick();
    for (const name of ['sync.value', 'async.value']) {
      const span = harness.finishedNamed(name);
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message });
      expect(exceptionEvents(span)[0]?.attributes).toEqual({ 'exception.type': type, 'exception.message': message });
    }
    expect(harness.spans.health()).toMatchObject({ started: 2, ended: 2, open: 0, doubleEnded: 0 });
  });

  it('a status set by fn before throwing is kept', async () => {
    const harness = createHarness();
    expect(() =>
      harness.spans.withSpan('kept.ok', (span) => {
        span.setStatus({ code: SpanStatusCode.OK });
        throw new Error('after ok');
      }),
    ).toThrow('after ok');
    await expect(
      harness.spans.withSpan('kept.error', async (span) => {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'my own message' });
        throw new Error('other');
      }),
    ).rejects.toThrow('other');
    expect(() =>
      harness.spans.withSpan('kept.direct', (span) => {
        span.otelSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'set on the OpenTelemetry span' });
        throw new Error('direct');
      }),
    ).toThrow('direct');
    await tick();
    expect(harness.finishedNamed('kept.ok').status).toEqual({ code: SpanStatusCode.OK });
    expect(harness.finishedNamed('kept.error').status).toEqual({ code: SpanStatusCode.ERROR, message: 'my own message' });
    expect(harness.finishedNamed('kept.direct').status).toEqual({ code: SpanStatusCode.ERROR, message: 'set on the OpenTelemetry span' });
    // The exception is recorded all the same.
    expect(exceptionEvents(harness.finishedNamed('kept.ok'))).toHaveLength(1);
  });

  it('fn ending the span itself is neither a double end nor a second export', () => {
    const harness = createHarness();
    harness.spans.withSpan('self.ended', (span) => {
      span.end();
      expect(span.isEnded()).toBe(true);
    });
    expectEndedOnce(harness, 'self.ended');
  });

  it('the span is no longer active after fn, sync or async', async () => {
    const harness = createHarness();
    const pending = harness.spans.withSpan('scoped', async () => {
      await tick();
    });
    expect(trace.getActiveSpan()).toBeUndefined();
    await pending;
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('a thenable whose then() throws: same object back, the span records that error and ends', () => {
    const harness = createHarness();
    const error = new Error('then broke');
    const thenable = {
      then() {
        throw error;
      },
    };
    expect(harness.spans.withSpan('thenable.throws', () => thenable)).toBe(thenable);
    const span = expectEndedOnce(harness, 'thenable.throws');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'then broke' });
    expect(exceptionEvents(span)).toHaveLength(1);
  });

  it('a function that is also a thenable is awaited like any thenable', () => {
    const harness = createHarness();
    let fulfil: (() => void) | undefined;
    const callableThenable = Object.assign(() => 'called', {
      then(onFulfilled: () => void) {
        fulfil = onFulfilled;
      },
    });
    expect(harness.spans.withSpan('callable.thenable', () => callableThenable)).toBe(callableThenable);
    expect(harness.spans.health().open).toBe(1);
    fulfil?.();
    expectEndedOnce(harness, 'callable.thenable');
  });

  it.each([
    ['a string', String.prototype, 'text'],
    ['a number', Number.prototype, 7],
    ['a boolean', Boolean.prototype, false],
  ])('%s is returned as is and ends the span, even with a then() on its prototype', (_label, prototype, value) => {
    const harness = createHarness();
    let thenCalls = 0;
    Object.defineProperty(prototype, 'then', {
      value: () => {
        thenCalls += 1;
      },
      configurable: true,
      writable: true,
    });
    try {
      expect(harness.spans.withSpan('primitive', () => value)).toBe(value);
    } finally {
      delete (prototype as { then?: unknown }).then;
    }
    expect(thenCalls).toBe(0);
    expectEndedOnce(harness, 'primitive');
  });
});
