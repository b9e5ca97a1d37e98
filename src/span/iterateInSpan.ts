import { context as contextApi } from '@opentelemetry/api';
import type { TrackedSpanHandle } from './spanHandle.js';

/**
 * Wraps an async iterable returned by the work of a span: every step runs with the span
 * active, and the span ends once, when the iteration finishes (`done`), fails (the
 * failure is recorded), or is abandoned by the consumer (`return()`, e.g. `break` out
 * of `for await`). After the span ended, calls go straight to the source iterator.
 */
export function iterateInSpan<T>(iterable: AsyncIterable<T>, handle: TrackedSpanHandle): AsyncIterableIterator<T> {
  return new SpanIteration(iterable, handle);
}

class SpanIteration<T> implements AsyncIterableIterator<T> {
  readonly #iterable: AsyncIterable<T>;
  readonly #handle: TrackedSpanHandle;
  #iterator: AsyncIterator<T> | undefined;

  constructor(iterable: AsyncIterable<T>, handle: TrackedSpanHandle) {
    this.#iterable = iterable;
    this.#handle = handle;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(...args: [] | [unknown]): Promise<IteratorResult<T>> {
    const handle = this.#handle;
    if (handle.isEnded()) return this.#source().next(...args);
    try {
      const step = await contextApi.with(handle.context, callNext<T>, undefined, this.#source(), args);
      if (step.done) handle.endSettled();
      return step;
    } catch (error) {
      handle.fail(error);
      throw error;
    }
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    const handle = this.#handle;
    const iterator = this.#iterator;
    try {
      if (iterator?.return === undefined) return { done: true, value: value as T };
      return await contextApi.with(handle.context, callReturn<T>, undefined, iterator, value);
    } catch (error) {
      handle.fail(error);
      throw error;
    } finally {
      handle.endSettled();
    }
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    const handle = this.#handle;
    const iterator = this.#iterator;
    try {
      if (iterator?.throw === undefined) {
        // No way to hand the error to the source: close it, then the error escapes the span.
        if (iterator?.return !== undefined) await contextApi.with(handle.context, callReturn<T>, undefined, iterator, undefined);
        throw error;
      }
      const step = await contextApi.with(handle.context, callThrow<T>, undefined, iterator, error);
      if (step.done) handle.endSettled();
      return step;
    } catch (escaped) {
      handle.fail(escaped);
      throw escaped;
    }
  }

  /** The source iterator, made on first use in the span's context. */
  #source(): AsyncIterator<T> {
    this.#iterator ??= contextApi.with(this.#handle.context, openIterator<T>, undefined, this.#iterable);
    return this.#iterator;
  }
}

function openIterator<T>(iterable: AsyncIterable<T>): AsyncIterator<T> {
  return iterable[Symbol.asyncIterator]();
}

function callNext<T>(iterator: AsyncIterator<T>, args: [] | [unknown]): Promise<IteratorResult<T>> {
  return iterator.next(...args);
}

function callReturn<T>(iterator: AsyncIterator<T>, value: unknown): Promise<IteratorResult<T>> {
  return (iterator.return as (value?: unknown) => Promise<IteratorResult<T>>).call(iterator, value);
}

function callThrow<T>(iterator: AsyncIterator<T>, error: unknown): Promise<IteratorResult<T>> {
  return (iterator.throw as (error?: unknown) => Promise<IteratorResult<T>>).call(iterator, error);
}
