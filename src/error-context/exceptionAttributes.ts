import type { Attributes } from '@opentelemetry/api';
import { isError, readProperty, stringOf, typeNameOf } from '../untrustedValue.js';
import { isFieldRecord } from './argumentChecks.js';
import type { Redactor } from './redaction.js';
import { REDACTED } from './redaction.js';

/** Builds the attributes of an `exception` span event for a thrown value. */
export type ExceptionAttributes = (error: unknown) => Attributes;

/**
 * Creates the `exception` event attribute builder of one instance: the OpenTelemetry
 * semantic attributes `exception.type`, `exception.message`, `exception.stacktrace`, plus
 * `error.context.<key>` for each primitive value of `err.context` (redacted, cut, at most
 * `maxKeys`). Non-`Error` values get `exception.type = typeof value` (or the class name
 * for objects) and `exception.message = String(value)`.
 *
 * @example
 * exceptionAttributes(Object.assign(new TypeError('bad'), { context: { requestId: 'r1' } }));
 * // { 'exception.type': 'TypeError', 'exception.message': 'bad', 'exception.stacktrace': '…', 'error.context.requestId': 'r1' }
 */
export function createExceptionAttributes(redactor: Redactor, maxKeys: number): ExceptionAttributes {
  /** The attribute for one context value, or `undefined` for values that are no attribute (objects, functions). */
  function contextAttribute(key: string, value: unknown): string | number | boolean | undefined {
    if (redactor.isSecretKey(key)) return REDACTED;
    if (typeof value === 'string') return redactor.cutString(value);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return redactor.cutString(value.toString());
    return undefined;
  }

  function addContext(attributes: Attributes, own: Record<string, unknown>): void {
    let added = 0;
    for (const key of Object.keys(own)) {
      if (added >= maxKeys) break;
      const attribute = contextAttribute(key, readProperty(own, key));
      if (attribute === undefined) continue;
      attributes[`error.context.${key}`] = attribute;
      added += 1;
    }
  }

  return function exceptionAttributes(error) {
    const attributes: Attributes = {};
    if (isError(error)) {
      const name = readProperty(error, 'name');
      const stack = readProperty(error, 'stack');
      attributes['exception.type'] = typeof name === 'string' && name !== '' ? name : typeNameOf(error);
      attributes['exception.message'] = stringOf(readProperty(error, 'message'));
      if (typeof stack === 'string') attributes['exception.stacktrace'] = stack;
    } else if (typeof error === 'object' && error !== null) {
      const message = readProperty(error, 'message');
      attributes['exception.type'] = typeNameOf(error);
      attributes['exception.message'] = typeof message === 'string' ? message : stringOf(error);
    } else {
      attributes['exception.type'] = typeof error;
      attributes['exception.message'] = stringOf(error);
    }
    if (typeof error === 'object' && error !== null) {
      const own = readProperty(error, 'context');
      try {
        if (isFieldRecord(own)) addContext(attributes, own);
      } catch {
        // A context whose keys cannot be listed: the attributes gathered so far stand.
      }
    }
    return attributes;
  };
}
