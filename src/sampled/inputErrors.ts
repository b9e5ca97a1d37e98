import type { Measurements, Metadata } from './types.js';

const MAX_SHOWN_STRING = 40;

/** A short description of a bad value for an error message; never serializes objects. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}…` : value);
  }
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * The `TypeError` for bad input: names the function and the argument (`'execute: event'`),
 * shows the value, says what is allowed.
 */
export function invalidArgument(argument: string, value: unknown, allowed: string): TypeError {
  return new TypeError(`${argument} must be ${allowed}, got ${describeValue(value)}`);
}

/**
 * Throws unless `measurements` is an object whose fields are all finite numbers. Its fields
 * are its own enumerable ones: inherited fields are not measurements (batches sum the same).
 */
export function validateMeasurements(measurements: unknown, call: string, argument: string): asserts measurements is Measurements {
  if (typeof measurements !== 'object' || measurements === null || Array.isArray(measurements)) {
    throw invalidArgument(`${call}: ${argument}`, measurements, 'an object of finite numbers');
  }
  const record = measurements as Record<string, unknown>;
  for (const field in record) {
    // Written out in full, V8 recognizes the own-field check inside a `for…in` and makes it nearly free.
    if (Object.prototype.hasOwnProperty.call(record, field) && !Number.isFinite(record[field])) {
      throw invalidField(call, argument, field, record[field]);
    }
  }
}

/** Builds the error apart from the check, which runs on every emit and is kept small. */
function invalidField(call: string, argument: string, field: string, value: unknown): TypeError {
  return invalidArgument(`${call}: ${argument}.${field}`, value, 'a finite number');
}

/** Throws unless `metadata` is an object (its contents are never inspected). */
export function validateMetadata(metadata: unknown, call: string, argument: string): asserts metadata is Metadata {
  if (typeof metadata !== 'object' || metadata === null) {
    throw invalidArgument(`${call}: ${argument}`, metadata, 'an object');
  }
}

/** Throws unless `key` is a string or a number (a dedup or batch key). */
export function validateKey(key: unknown, call: string, argument: string): asserts key is string | number {
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw invalidArgument(`${call}: ${argument}`, key, 'a string or a number');
  }
}
