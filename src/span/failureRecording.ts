import type { Attributes } from '@opentelemetry/api';
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
  if (error instanceof Error) {
    return { 'exception.type': safeString(() => error.name) ?? 'Error', 'exception.message': errorMessage(error) };
  }
  return { 'exception.type': typeof error, 'exception.message': errorMessage(error) };
}

/** The status message for a failure: an Error's message, else the value as a string. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return safeString(() => error.message) ?? '';
  return safeString(() => String(error)) ?? `[${typeof error}]`;
}

function safeString(read: () => unknown): string | undefined {
  try {
    const value = read();
    return typeof value === 'string' ? value : String(value);
  } catch {
    return undefined;
  }
}
