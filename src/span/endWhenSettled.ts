import { isNativePromise, readProperty, thenIntrinsic } from '../untrustedValue.js';
import { iterateInSpan } from './iterateInSpan.js';
import type { TrackedSpanHandle } from './spanHandle.js';

/**
 * Ends `handle`'s span according to the shape of what the wrapped work returned, and
 * gives back what the caller receives:
 * - a native promise: a new promise that settles like it once the span has ended, so
 *   `await` sees the span ended and a rejection nobody handles is still reported as
 *   unhandled (the library's own subscription must not count as handling it);
 * - any other thenable: the same object (calling `then` is all we may do); the span
 *   ends when it settles;
 * - an async iterable that is not a thenable: a wrapper iterable, because the span must
 *   see the iteration end (finished, thrown, or abandoned through `return()`);
 * - anything else: the same value; the span ends now.
 * Nothing here throws, whatever the value (see untrustedValue.ts).
 */
export function endWhenSettled<T>(result: T, handle: TrackedSpanHandle): T {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    handle.endSettled();
    return result;
  }
  if (isNativePromise(result)) return settleAfterSpan(result, handle) as T;
  const then = readProperty(result, 'then');
  if (typeof then === 'function') {
    endOnSettle(result, then as ThenMethod, handle);
    return result;
  }
  if (typeof readProperty(result, Symbol.asyncIterator) === 'function') {
    return iterateInSpan(result as unknown as AsyncIterable<unknown>, handle) as T;
  }
  handle.endSettled();
  return result;
}

function settleAfterSpan(promise: Promise<unknown>, handle: TrackedSpanHandle): Promise<unknown> {
  try {
    return thenIntrinsic(
      promise,
      (value) => {
        handle.endSettled();
        return value;
      },
      (error) => {
        handle.fail(error);
        throw error;
      },
    );
  } catch (error) {
    // Its `constructor` or species getter threw, as it will for the caller's `await`:
    // that is the work's failure, and the promise goes back untouched.
    handle.fail(error);
    return promise;
  }
}

type ThenMethod = (this: object, onFulfilled: () => void, onRejected: (error: unknown) => void) => unknown;

/**
 * Subscribes to a thenable that is not a native promise; the caller keeps the original
 * and sees its outcome directly.
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
