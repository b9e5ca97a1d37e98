import type { Attributes } from '@opentelemetry/api';
import { errorMessage, isError, readProperty } from '../untrustedValue.js';
import type { SpanErrorHooks } from './spanSystem.js';

/**
 * The error hooks, guarded: a failing hook must never replace the application's own
 * error, so enrichment failures are ignored and attributes fall back to a minimal set.
 */
export function guardErrorHooks(hooks: SpanErrorHooks): SpanErrorHooks {
  return {
    enrichEscaping(error: unknown): void {
      try {
        hooks.enrichEscaping(error);
      } catch {
        // The application's error must travel on unchanged.
      }
    },
    exceptionAttributes(error: unknown): Attributes {
      try {
        return hooks.exceptionAttributes(error);
      } catch {
        return minimalExceptionAttributes(error);
      }
    },
  };
}

/** `exception.type` and `exception.message` of any thrown value, without trusting it. */
export function minimalExceptionAttributes(error: unknown): Attributes {
  if (isError(error)) {
    const name = readProperty(error, 'name');
    return { 'exception.type': typeof name === 'string' ? name : 'Error', 'exception.message': errorMessage(error) };
  }
  return { 'exception.type': typeof error, 'exception.message': errorMessage(error) };
}
