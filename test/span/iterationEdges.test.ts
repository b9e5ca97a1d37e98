import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { guardErrorHooks, minimalExceptionAttributes } from '../../src/span/failureRecording.js';
import { readStatus } from '../../src/span/spanStatus.js';
import { createHarness } from './harness.js';

/** An async iterator over `items` with only the methods asked for, counting the calls made to each. */
function sourceOf(items: number[], methods: { return?: boolean; throw?: 'resume' | 'finish' | 'rethrow' } = {}) {
  const calls = { next: 0, return: 0, throw: 0 };
  let index = 0;
  const iterator: AsyncIterator<number> = {
    next: async () => {
      calls.next += 1;
      return index < items.length ? { done: false, value: items[index++] as number } : { done: true, value: undefined };
    },
  };
  if (methods.return) {
    iterator.return = async (value?: unknown) => {
      calls.return += 1;
      return { done: true, value: value as number };
    };
  }
  if (methods.throw !== undefined) {
    const mode = methods.throw;
    iterator.throw = async (error?: unknown) => {
      calls.throw += 1;
      if (mode === 'rethrow') throw error;
      return mode === 'finish' ? { done: true, value: undefined } : { done: false, value: -1 };
    };
  }
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, calls };
}

describe('async iteration in a span: throw() and return() from the consumer', () => {
  it('hands throw() to the source; the span goes on when the source goes on, and ends when it finishes', async () => {
    const harness = createHarness();
    const { iterable, calls } = sourceOf([1, 2], { throw: 'resume' });
    const iteration = harness.spans.withSpan('resumes', () => iterable) as AsyncIterableIterator<number>;
    await iteration.next();
    expect(await iteration.throw?.(new Error('skip'))).toEqual({ done: false, value: -1 });
    expect(calls.throw).toBe(1);
    expect(harness.finished()).toHaveLength(0);

    const finishing = sourceOf([1], { throw: 'finish' });
    const finished = harness.spans.withSpan('finishes', () => finishing.iterable) as AsyncIterableIterator<number>;
    await finished.next();
    expect(await finished.throw?.(new Error('stop'))).toEqual({ done: true, value: undefined });
    expect(harness.finishedNamed('finishes').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records the error the source rethrows from throw(), and ends the span', async () => {
    const harness = createHarness();
    const { iterable } = sourceOf([1], { throw: 'rethrow' });
    const iteration = harness.spans.withSpan('rethrows', () => iterable) as AsyncIterableIterator<number>;
    await iteration.next();
    const error = new Error('consumer gave up');
    await expect(iteration.throw?.(error)).rejects.toBe(error);
    const span = harness.finishedNamed('rethrows');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'consumer gave up' });
  });

  it('closes a source without throw() through return(), then lets the error escape the span', async () => {
    const harness = createHarness();
    const { iterable, calls } = sourceOf([1, 2], { return: true });
    const iteration = harness.spans.withSpan('closed', () => iterable) as AsyncIterableIterator<number>;
    await iteration.next();
    const error = new Error('abandoned with an error');
    await expect(iteration.throw?.(error)).rejects.toBe(error);
    expect(calls.return).toBe(1);
    expect(harness.finishedNamed('closed').status.message).toBe('abandoned with an error');
  });

  it('lets the error of throw() escape a source with neither throw() nor return()', async () => {
    const harness = createHarness();
    const { iterable } = sourceOf([1]);
    const iteration = harness.spans.withSpan('bare', () => iterable) as AsyncIterableIterator<number>;
    const error = new Error('bare');
    await expect(iteration.throw?.(error)).rejects.toBe(error);
    expect(harness.finishedNamed('bare').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('answers return() itself for a source without return(), ending the span', async () => {
    const harness = createHarness();
    const { iterable } = sourceOf([1, 2]);
    const iteration = harness.spans.withSpan('no.return', () => iterable) as AsyncIterableIterator<number>;
    await iteration.next();
    expect(await iteration.return?.('bye')).toEqual({ done: true, value: 'bye' });
    expect(harness.finishedNamed('no.return').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('goes straight to the source once the span has ended', async () => {
    const harness = createHarness();
    const { iterable, calls } = sourceOf([1, 2, 3], { return: true });
    const iteration = harness.spans.withSpan('ended', () => iterable) as AsyncIterableIterator<number>;
    await iteration.next();
    await iteration.return?.();
    expect(await iteration.next()).toEqual({ done: false, value: 2 });
    expect(calls.next).toBe(2);
    expect(harness.spans.health()).toMatchObject({ ended: 1, doubleEnded: 0 });
  });

  it('runs the source in the caller\'s context, and leaves its errors alone, once the span has ended', async () => {
    const harness = createHarness();
    const activeInNext: (string | undefined)[] = [];
    const error = new Error('source broke late');
    let step = 0;
    const source: AsyncIterator<number> = {
      next: async () => {
        activeInNext.push(harness.spans.activeSpan()?.name);
        step += 1;
        if (step === 2) throw error;
        return { done: false, value: step };
      },
      return: async () => ({ done: true, value: undefined }),
    };
    const iteration = harness.spans.withSpan('ended.early', () => ({ [Symbol.asyncIterator]: () => source })) as AsyncIterableIterator<number>;
    await iteration.next();
    await iteration.return?.();
    await expect(iteration.next()).rejects.toBe(error);
    expect(activeInNext).toEqual(['ended.early', undefined]);
    expect(harness.errors.enriched).toEqual([]);
    expect(harness.finishedNamed('ended.early').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('answers return() before any next() without opening the source, ending the span', async () => {
    const harness = createHarness();
    let opened = 0;
    const iterable = {
      [Symbol.asyncIterator]: () => {
        opened += 1;
        return sourceOf([1]).iterable[Symbol.asyncIterator]();
      },
    };
    const iteration = harness.spans.withSpan('never.started', () => iterable) as AsyncIterableIterator<number>;
    expect(await iteration.return?.('early')).toEqual({ done: true, value: 'early' });
    expect(opened).toBe(0);
    expect(harness.finishedNamed('never.started').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records the error of a source whose return() rejects, and hands it to the consumer', async () => {
    const harness = createHarness();
    const error = new Error('cleanup failed');
    const source: AsyncIterator<number> = {
      next: async () => ({ done: false, value: 1 }),
      return: async () => {
        throw error;
      },
    };
    const iteration = harness.spans.withSpan('cleanup', () => ({ [Symbol.asyncIterator]: () => source })) as AsyncIterableIterator<number>;
    await iteration.next();
    await expect(iteration.return?.()).rejects.toBe(error);
    expect(harness.finishedNamed('cleanup').status).toEqual({ code: SpanStatusCode.ERROR, message: 'cleanup failed' });
    expect(harness.spans.health()).toMatchObject({ started: 1, ended: 1, open: 0 });
  });
});

describe('what a span records when the error hooks fail', () => {
  it('falls back to the type and message of the error, without trusting it', () => {
    const failing = guardErrorHooks({
      enrichEscaping: () => {
        throw new Error('hook bug');
      },
      exceptionAttributes: () => {
        throw new Error('hook bug');
      },
    });
    expect(() => failing.enrichEscaping(new Error('x'))).not.toThrow();
    expect(failing.exceptionAttributes(new TypeError('bad'))).toStrictEqual({ 'exception.type': 'TypeError', 'exception.message': 'bad' });
    expect(minimalExceptionAttributes(Object.assign(new Error('odd'), { name: 5 }))).toStrictEqual({ 'exception.type': 'Error', 'exception.message': 'odd' });
    expect(minimalExceptionAttributes('text')).toStrictEqual({ 'exception.type': 'string', 'exception.message': 'text' });
  });
});

describe('readStatus', () => {
  it('reads a numeric code and a message once; ignores a status without a numeric code', () => {
    expect(readStatus({ code: SpanStatusCode.ERROR, message: 'declined' })).toStrictEqual({ code: SpanStatusCode.ERROR, message: 'declined' });
    expect(readStatus({ code: SpanStatusCode.OK })).toStrictEqual({ code: SpanStatusCode.OK });
    expect(readStatus({ code: '2' })).toBeUndefined();
    expect(readStatus(undefined)).toBeUndefined();
  });
});
