import type { Attributes } from '@opentelemetry/api';
import { isFieldRecord } from './argumentChecks.js';
import { errorTypeOf, safeString } from './errorDescription.js';
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
  function addContext(attributes: Attributes, own: Record<string, unknown>): void {
    let added = 0;
    for (const key of Object.keys(own)) {
      if (added >= maxKeys) break;
      const value = own[key];
      let attribute: string | number | boolean;
      if (redactor.isSecretKey(key)) attribute = REDACTED;
      else if (typeof value === 'string') attribute = redactor.cutString(value);
      else if (typeof value === 'number' || typeof value === 'boolean') attribute = value;
      else if (typeof value === 'bigint') attribute = redactor.cutString(value.toString());
      else continue;
      attributes[`error.context.${key}`] = attribute;
      added += 1;
    }
  }

  return function exceptionAttributes(error) {
    const attributes: Attributes = {};
    try {
      if (error instanceof Error) {
        attributes['exception.type'] = error.name || errorTypeOf(error);
        attributes['exception.message'] = safeString(error.message);
        if (typeof error.stack === 'string') attributes['exception.stacktrace'] = error.stack;
      } else if (typeof error === 'object' && error !== null) {
        const message: unknown = (error as { message?: unknown }).message;
        attributes['exception.type'] = errorTypeOf(error);
        attributes['exception.message'] = typeof message === 'string' ? message : safeString(error);
      } else {
        attributes['exception.type'] = typeof error;
        attributes['exception.message'] = safeString(error);
      }
      if (typeof error === 'object' && error !== null) {
        const own: unknown = (error as { context?: unknown }).context;
        if (isFieldRecord(own)) addContext(attributes, own);
      }
    } catch {
      // A hostile getter on the error: keep what was gathered.
    }
    return attributes;
  };
}
