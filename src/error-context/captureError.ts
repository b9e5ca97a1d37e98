import { context, trace } from '@opentelemetry/api';
import type { EventSystem } from '../sampled/eventSystem.js';
import { readableCopy, typeNameOf } from '../untrustedValue.js';
import { requireFields } from './argumentChecks.js';
import type { ErrorEnricher } from './enrichError.js';
import type { ExceptionAttributes } from './exceptionAttributes.js';

export type CaptureError = <E>(err: E, metadata?: Record<string, unknown>) => E;

export interface CaptureErrorDeps {
  enricher: ErrorEnricher;
  exceptionAttributes: ExceptionAttributes;
  events: Pick<EventSystem, 'execute'>;
}

/**
 * Creates `captureError`: enriches the error with the active flow, adds an `exception`
 * event to the active span (its status is left alone: a captured error was handled), and
 * executes `['error','captured']` with `{ count: 1 }` and `{ error, errorType, ...metadata }`.
 *
 * @example
 * try { await charge(); } catch (err) { telemetry.captureError(err, { retrying: true }); }
 */
export function createCaptureError({ enricher, exceptionAttributes, events }: CaptureErrorDeps): CaptureError {
  const capturedEvent = Object.freeze(['error', 'captured']);

  return function captureError(err, metadata) {
    if (metadata !== undefined) requireFields('captureError(err, metadata)', 'metadata', metadata);
    const active = context.active();
    enricher.enrich(err, active);
    const span = trace.getSpan(active);
    if (span !== undefined && span.isRecording()) {
      try {
        span.addEvent('exception', exceptionAttributes(err));
      } catch {
        // The application's error path must not fail because a span refused an event.
      }
    }
    const fields = metadata === undefined ? undefined : readableCopy(metadata);
    events.execute(capturedEvent, { count: 1 }, { error: err, errorType: typeNameOf(err), ...fields });
    return err;
  };
}
