import { types } from 'node:util';

/*
 * Inspection of values that come from the application (what a wrapped function throws,
 * rejects with or returns, context data, captured errors) that never throws, whatever the
 * value is: a revoked Proxy (every trap throws, `instanceof` included), an object whose
 * getters throw, a `toString` that throws, a promise whose `then` was replaced. The
 * application's value must always travel on unchanged, so the library reads it only
 * through these functions.
 */

// Taken when the library loads, so a `then` set on one promise cannot stand in for it.
const intrinsicThen = Promise.prototype.then;

/** Whether `value` is a native promise (of any realm), told by its internal slot: no property is read. */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  // The type check first: the binding call costs more than the rest of a sync `withContext`.
  return typeof value === 'object' && value !== null && types.isPromise(value);
}

/**
 * `promise.then(onFulfilled, onRejected)` through the intrinsic `Promise.prototype.then`,
 * so a `then` replaced on the instance is neither called nor able to change the outcome.
 * Throws only what the promise's own `constructor` or species getters throw.
 */
export function thenIntrinsic<T, R>(
  promise: Promise<T>,
  onFulfilled: ((value: T) => R) | undefined,
  onRejected: (reason: unknown) => R,
): Promise<R> {
  return intrinsicThen.call(promise, onFulfilled, onRejected) as Promise<R>;
}

/**
 * Whether `value` is an Error: a native error of any realm (`vm` contexts included), or
 * an object inheriting from `Error.prototype`. False when the prototype cannot be read.
 */
export function isError(value: unknown): value is Error {
  if (typeof value !== 'object' || value === null) return false;
  if (types.isNativeError(value)) return true;
  try {
    return value instanceof Error;
  } catch {
    // A revoked Proxy, or a `getPrototypeOf` trap that throws.
    return false;
  }
}

/** `value[key]`, or `undefined` when `value` is null or undefined or reading it throws. */
export function readProperty(value: unknown, key: PropertyKey): unknown {
  if (value === null || value === undefined) return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * `String(value)`, else the `Object.prototype.toString` tag, else `[typeof]` (a revoked
 * Proxy refuses both).
 */
export function stringOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `[${typeof value}]`;
    }
  }
}

/** The status message for a failure: an Error's message, else the value as a string. */
export function errorMessage(error: unknown): string {
  if (!isError(error)) return stringOf(error);
  const message = readProperty(error, 'message');
  return typeof message === 'string' ? message : message === undefined ? '' : stringOf(message);
}

/**
 * The class name of an object (`'TypeError'`, `'CardDeclinedError'`), `'Object'` when it
 * has none or it cannot be read; for other values `typeof` (`null` is `'null'`).
 */
export function typeNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = readProperty(readProperty(value, 'constructor'), 'name');
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/**
 * A plain copy of the own enumerable fields of `value` that can be read, as `{ ...value }`
 * makes it, except that a field whose getter throws is left out (and a value whose keys
 * cannot be listed gives `{}`) instead of the spread throwing.
 */
export function readableCopy(value: object): Record<string, unknown> {
  try {
    return { ...value };
  } catch {
    const copy: Record<string, unknown> = {};
    let keys: string[];
    try {
      keys = Object.keys(value);
    } catch {
      return copy;
    }
    for (const key of keys) {
      try {
        Object.defineProperty(copy, key, { value: (value as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
      } catch {
        // Unreadable: left out.
      }
    }
    return copy;
  }
}
