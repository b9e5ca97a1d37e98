import { isFieldRecord } from './argumentChecks.js';
import type { ErrorContext } from './types.js';

/**
 * The context enrichment put on `err` (`err.context`), or `undefined` when `err` is not an
 * object or carries no such context. Never throws, whatever `err` is.
 *
 * @example
 * try {
 *   await telemetry.withContext({ requestId }, () => charge(order));
 * } catch (err) {
 *   const context = errorContextOf(err); // { requestId, traceId, spanId, spanPath, … }
 *   res.status(502).json({ error: 'payment failed', requestId: context?.requestId });
 * }
 */
export function errorContextOf(err: unknown): ErrorContext | undefined {
  if ((typeof err !== 'object' && typeof err !== 'function') || err === null) return undefined;
  try {
    const context: unknown = (err as { context?: unknown }).context;
    return isFieldRecord(context) ? (context as ErrorContext) : undefined;
  } catch {
    // A revoked proxy, or a `context` getter that throws.
    return undefined;
  }
}
