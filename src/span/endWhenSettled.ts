import { iterateInSpan } from './iterateInSpan.js';
import type { TrackedSpanHandle } from './spanHandle.js';

/**
 * Ends `handle`'s span according to the shape of what the wrapped work returned, and
 * gives back what the caller receives:
 * - a promise or any other thenable: the same object; the span ends when it settles;
 * - an async iterable that is not a thenable: a wrapper iterable, because the span must
 *   see the iteration end (finished, thrown, or abandoned through `return()`);
 * - anything else: the same value; the span ends now.
 */
export function endWhenSettled<T>(result: T, handle: TrackedSpanHandle): T {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    handle.endSettled();
    return result;
  }
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch {
    // A throwing `then` getter makes it no thenable for us; the value is returned as is.
    then = undefined;
  }
  if (typeof then === 'function') {
    endOnSettle(result, then as ThenMethod, handle);
    return result;
  }
  if (typeof (result as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return iterateInSpan(result as unknown as AsyncIterable<unknown>, handle) as T;
  }
  handle.endSettled();
  return result;
}

type ThenMethod = (this: object, onFulfilled: () => void, onRejected: (error: unknown) => void) => unknown;

/**
 * Subscribes to the thenable. The rejection branch handles the rejection of the promise
 * it is attached to, so no unhandled rejection is made here; the caller still holds the
 * original and sees its rejection.
 */
function endOnSettle(thenable: object, then: ThenMethod, handle: TrackedSpanHandle): void {
  try {
    then.call(
      thenable,
      () => handle.endSettled(),
      (error: unknown) => handle.fail(error),
    );
  } catch (error) {
    // `await` on this thenable rejects with the same error, so it is the work's failure.
    handle.fail(error);
  }
}
