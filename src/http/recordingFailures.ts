import { isNativePromise, thenIntrinsic } from '../untrustedValue.js';
import type { ServerRequest } from './serverRequest.js';

/**
 * Calls `call` and records on the request an error it throws or its promise rejects with.
 * The caller gets the same outcome: the error rethrown, or for a native promise a new
 * promise that settles the same way (still unhandled if nobody handles it).
 */
export function recordingFailures<R>(request: ServerRequest, call: () => R): R {
  let result: R;
  try {
    result = call();
  } catch (error) {
    request.fail(error);
    throw error;
  }
  if (!isNativePromise(result)) return result;
  try {
    return thenIntrinsic(result, undefined, (error) => {
      request.fail(error);
      throw error;
    }) as R;
  } catch {
    // Its `constructor` or species getter threw: it cannot be observed, so it goes back untouched.
    return result;
  }
}
